package dev.unclosed.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a module's build directory says about its tests: reports written by the agent, and signs that tests ran. */
final class TestEvidence {

    private final Path reportsDirectory;
    private final Path buildDirectory;
    private final Path testClasses;

    TestEvidence(Path reportsDirectory, Path buildDirectory, Path testClasses) {
        this.reportsDirectory = reportsDirectory;
        this.buildDirectory = buildDirectory;
        this.testClasses = testClasses;
    }

    boolean hasReports() {
        return any(reportsDirectory, "*.json");
    }

    /** Where Surefire or Failsafe left results of tests that ran, or null. */
    String testResults() {
        for (String reports : new String[] {"surefire-reports", "failsafe-reports"}) {
            if (any(buildDirectory.resolve(reports), "TEST-*.xml")) {
                return reports + " has results";
            }
        }
        return null;
    }

    /** Where compiled test classes are, tests meant to run, or null. */
    String testClasses() {
        if (Files.isDirectory(testClasses)) {
            try (Stream<Path> files = Files.walk(testClasses)) {
                if (files.anyMatch(file -> file.toString().endsWith(".class"))) {
                    return "compiled test classes in " + testClasses;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    private static boolean any(Path directory, String glob) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
