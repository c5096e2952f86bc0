package dev.unclosed.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's test suite: run under the agent with the unclosed JUnit module, its report names the one test that
 * leaks (firstLineOfAFile drops its FileHandler), and none of the others.
 */
class FileHandlerTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("greeting.txt"), text);
    }

    @Test
    void firstLineOfAFile() throws IOException {
        FileHandler handler = new FileHandler(file("hello\nworld\n")); // never closed: this test leaks
        assertThat(handler.firstLine()).isEqualTo("hello");
    }

    @Test
    void firstLineOfAFileWithoutNewline() throws IOException {
        try (FileHandler handler = new FileHandler(file("hello"))) {
            assertThat(handler.firstLine()).isEqualTo("hello");
        }
    }

    @Test
    void firstLineOfAnEmptyFile() throws IOException {
        try (FileHandler handler = new FileHandler(file(""))) {
            assertThat(handler.firstLine()).isEmpty();
        }
    }
}
