package dev.unclosed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

/** Every unusable input: exit 2, nothing on stdout, and one line on stderr naming the file and the problem. */
class BadInputTest {

    @TempDir
    Path dir;

    @Test
    void aTruncatedReportIsExit2() {
        assertOneLine(Cli.run("check", report("bad/truncated.json")),
                "unclosed: " + report("bad/truncated.json") + ": truncated: the JSON ends early (line 18, column 94");
    }

    @Test
    void aReportWithACountGivenAsAStringIsExit2() {
        assertOneLine(Cli.run("check", report("bad/wrong-types.json")),
                "unclosed: " + report("bad/wrong-types.json") + ": malformed report: $.leaks[0].count should be an integer, not the string \"3\"");
    }

    @Test
    void anUnknownSchemaVersionIsExit2() {
        assertOneLine(Cli.run("check", report("bad/unknown-version.json")),
                "unclosed: " + report("bad/unknown-version.json") + ": unknown schemaVersion 2 (this version of unclosed reads schemaVersion 1)");
    }

    @Test
    void anEmptyFileIsExit2() {
        assertOneLine(Cli.run("check", report("bad/empty.json")),
                "unclosed: " + report("bad/empty.json") + ": empty file, not a report");
    }

    @Test
    void aFileThatIsNotJsonIsExit2() {
        assertOneLine(Cli.run("check", report("bad/not-json.json")),
                "unclosed: " + report("bad/not-json.json") + ": not valid JSON (line 1, column 11: Unrecognized token 'Exception'");
    }

    @Test
    void anEmptyDirectoryIsExit2() {
        assertOneLine(Cli.run("check", dir.toString()),
                "unclosed: " + dir + ": directory has no *.json report (only files directly inside it are read)");
    }

    @Test
    void aPathThatDoesNotExistIsExit2() {
        assertOneLine(Cli.run("check", report("clean.json"), "target/unclosed-nowhere"),
                "unclosed: target/unclosed-nowhere: no such file or directory");
    }

    @Test
    void aGlobThatMatchesNothingIsExit2() {
        assertOneLine(Cli.run("check", Cli.REPORTS + "forks/*.xml"),
                "unclosed: " + Cli.REPORTS + "forks/*.xml: no file matches this pattern");
    }

    @Test
    void oneBadReportAmongGoodOnesIsExit2() {
        assertOneLine(Cli.run("check", report("clean.json"), report("bad/truncated.json"), report("leaking.json")),
                "unclosed: " + report("bad/truncated.json") + ": truncated");
    }

    @Test
    void aMissingBaselineIsExit2() {
        assertOneLine(Cli.run("check", report("clean.json"), "--baseline", "no-baseline.json"),
                "unclosed: no-baseline.json: no such baseline file");
    }

    @Test
    void aBaselineThatIsNotJsonIsExit2() {
        assertOneLine(Cli.run("check", report("clean.json"), "--baseline", report("bad/not-json.json")),
                "unclosed: " + report("bad/not-json.json") + ": baseline is not valid JSON (Unrecognized token 'Exception'");
    }

    @Test
    void aJsonFileThatIsNeitherBaselineNorReportIsExit2() throws Exception {
        Path other = Files.writeString(dir.resolve("package.json"), "{\"name\": \"acme\"}");

        assertOneLine(Cli.run("check", report("clean.json"), "--baseline", other.toString()),
                "unclosed: " + other + ": neither a baseline (\"kind\": \"unclosed-baseline\") nor a report");
    }

    @Test
    void aPathTheFileSystemCannotNameIsExit2() {
        assertOneLine(Cli.run("check", "report\0.json"), "unclosed: report\\0.json: not a valid path");
    }

    @Test
    void noOutputIsWrittenWhenAnInputIsInvalid() {
        Path sarif = dir.resolve("out.sarif");
        Path junit = dir.resolve("out.xml");
        Path json = dir.resolve("merged.json");

        Cli.Result result = Cli.run("check", report("leaking.json"), report("bad/empty.json"),
                "--sarif", sarif.toString(), "--junit", junit.toString(), "--json", json.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(sarif).doesNotExist();
        assertThat(junit).doesNotExist();
        assertThat(json).doesNotExist();
    }

    @Test
    void anInvalidBaselineAlsoPreventsEveryOutput() {
        Path sarif = dir.resolve("out.sarif");

        Cli.Result result = Cli.run("check", report("leaking.json"), "--baseline", report("bad/wrong-types.json"),
                "--sarif", sarif.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(sarif).doesNotExist();
    }

    @Test
    void mergeAndBaselineRejectBadInputTheSameWay() {
        Path out = dir.resolve("out.json");

        assertThat(Cli.run("merge", report("bad/truncated.json"), "--output", out.toString()).exitCode()).isEqualTo(2);
        assertThat(Cli.run("baseline", report("bad/truncated.json"), "--output", out.toString()).exitCode()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    private static void assertOneLine(Cli.Result result, String expectedStart) {
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith(expectedStart).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(result.err().lines()).hasSize(1);
    }
}
