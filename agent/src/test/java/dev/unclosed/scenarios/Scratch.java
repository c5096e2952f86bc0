package dev.unclosed.scenarios;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files for scenarios to open, in the scenario's working directory. */
final class Scratch {

    private Scratch() {
    }

    static File file(String name) {
        try {
            Path path = Path.of(name);
            Files.writeString(path, "line one\nline two\n");
            return path.toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
