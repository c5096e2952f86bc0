package example.suite;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** Without the extension, a leaking test passes: the report names it, the build's check fails. */
public class LeaksWithoutTheExtension {

    private static final Path FILE = SampleFiles.file();

    @Test
    void leaks() {
        SampleFiles.open(FILE);
    }
}
