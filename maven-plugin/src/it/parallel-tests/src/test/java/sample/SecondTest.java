package sample;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecondTest {

    @Test
    void leaksInTheSecondClass() throws IOException {
        Path file = Files.createTempFile("sample", ".txt");
        Files.writeString(file, "x");
        // a line more, so that the two leaks are on different lines
        FileInputStream in = new FileInputStream(file.toFile()); // the leak
        assertEquals('x', in.read());

        Files.delete(file);
    }
}
