package dev.unclosed.agent.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Finds lines in scenario sources by the markers written on them ({@code // @leak name}), so tests assert on
 * exact line numbers without hard-coding them.
 */
public final class SourceMarkers {

    private SourceMarkers() {
    }

    public static int line(Class<?> scenario, String marker) {
        Class<?> top = scenario;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        Path source = Paths.get(System.getProperty("unclosed.testSources", "src/test/java"))
                .resolve(top.getName().replace('.', '/') + ".java");
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String tag = "// @leak " + marker;
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.endsWith(tag) || line.contains(tag + " ")) {
                if (found >= 0) {
                    throw new IllegalStateException("marker '" + marker + "' appears twice in " + source);
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("no marker '" + marker + "' in " + source);
        }
        return found;
    }

    /** The source file name a stack frame of {@code scenario} shows. */
    public static String fileName(Class<?> scenario) {
        Class<?> top = scenario;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return top.getSimpleName() + ".java";
    }
}
