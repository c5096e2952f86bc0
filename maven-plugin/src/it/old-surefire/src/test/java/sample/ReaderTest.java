package sample;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReaderTest {

    @Test
    void readsTheFirstByte() throws IOException {
        Path file = Files.createTempFile("sample", ".txt");
        Files.writeString(file, "x");
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            assertEquals('x', in.read());
        }

        Files.delete(file);
    }
}
