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
        assertEquals("on", System.getProperty("sample.flag"), "the -DargLine of the command line reached the test JVM");
        Path file = Files.createTempFile("sample", ".txt");
        Files.writeString(file, "x");
        FileInputStream in = new FileInputStream(file.toFile()); // the leak
        assertEquals('x', in.read());
        Files.delete(file);
    }
}
