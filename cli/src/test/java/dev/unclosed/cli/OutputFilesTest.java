package dev.unclosed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

/** An output that cannot be written: one line naming it, what is wrong and what to do, and exit code 4. */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void sarifToADirectoryIsOneLineWithoutExceptionOrTemporaryFileNames() {
        Cli.Result result = Cli.run("check", report("leaking.json"), "--sarif", dir.toString());

        assertOneLine(result, "unclosed: cannot write the SARIF: " + dir + " is a directory; name a file instead");
    }

    @Test
    void junitUnderAFileIsOneLineSayingWhatIsInTheWay() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path junit = file.resolve("sub/junit.xml");

        Cli.Result result = Cli.run("check", report("clean.json"), "--junit", junit.toString());

        assertOneLine(result, "unclosed: cannot write the JUnit XML: " + junit + " cannot be written: " + file
                + " is a file, not a directory; choose another path");
    }

    @Test
    void aBaselineToADirectoryIsOneLine() {
        Cli.Result result = Cli.run("baseline", report("leaking.json"), "--output", dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.CANNOT_WRITE);
        assertThat(result.err()).startsWith("unclosed: cannot write the baseline of 2 findings: " + dir + " is a directory");
    }

    private static void assertOneLine(Cli.Result result, String expected) {
        assertThat(result.exitCode()).isEqualTo(ExitCode.CANNOT_WRITE);
        assertThat(result.err().strip()).isEqualTo(expected);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain(".tmp");
    }
}
