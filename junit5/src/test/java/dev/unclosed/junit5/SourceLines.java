package dev.unclosed.junit5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the line of a {@code // @leak name} marker in a test source, so tests never hard-code line numbers. */
final class SourceLines {

    private SourceLines() {
    }

    static String lineOf(String className, String marker) {
        Path source = Path.of("src/test/java", className.replace('.', '/') + ".java");
        try {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("// " + marker)) {
                    return String.valueOf(i + 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no marker '" + marker + "' in " + source);
    }
}
