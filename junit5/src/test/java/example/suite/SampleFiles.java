package example.suite;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** What the sample tests share: one helper that opens a file, the way a suite's test utilities do. */
final class SampleFiles {

    private SampleFiles() {
    }

    static Path file() {
        try {
            Path file = java.nio.file.Files.createTempFile("unclosed-sample", ".txt");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a file; the caller closes it, or leaks it. */
    static InputStream open(Path file) {
        try {
            return new FileInputStream(file.toFile()); // @leak helper
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
