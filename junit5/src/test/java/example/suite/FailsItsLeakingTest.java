package example.suite;

import dev.unclosed.junit5.UnclosedExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

/** With the extension, the test that leaks fails, naming what it leaked; the one that closes passes. */
@ExtendWith(UnclosedExtension.class)
public class FailsItsLeakingTest {

    private static final Path FILE = SampleFiles.file();

    @Test
    void leaks() {
        SampleFiles.open(FILE);
    }

    @Test
    void closes() {
        SampleFiles.close(SampleFiles.open(FILE));
    }
}
