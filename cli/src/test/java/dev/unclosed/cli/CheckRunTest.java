package dev.unclosed.cli;

import dev.unclosed.report.InvalidReportException;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakTest;
import dev.unclosed.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

class CheckRunTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void failingFindingsComeBackAsSentencesNamingTheirSite() {
        CheckRun.Outcome outcome = CheckRun.check(List.of(report("leaking.json")), out);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.failing()).containsExactly(
                "3 x java.io.BufferedReader collected without close(), allocated at InvoiceStore.java:42 in com.acme.orders.InvoiceStore.load");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("FAILED: 1 failing finding");
    }

    @Test
    void findingsThatDoNotFailAreNotListed() {
        CheckRun.Outcome outcome = CheckRun.check(List.of(report("exit-only.json")), out);

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.failing()).isEmpty();
    }

    @Test
    void anUnusableInputIsExit2WithItsMessageNotAnException() {
        CheckRun.Outcome outcome = CheckRun.check(List.of(report("no-such-report.json")), out);

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.error()).contains("no-such-report.json");
    }

    @Test
    void badUsageIsExit3WithItsMessage() {
        CheckRun.Outcome outcome = CheckRun.check(List.of(report("leaking.json"), "--max", "lots"), out);

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.error()).contains("lots");
    }

    @Test
    void anUnwritableOutputIsExit4WithItsMessage(@TempDir Path dir) {
        CheckRun.Outcome outcome = CheckRun.check(List.of(report("leaking.json"), "--sarif", dir.toString()), out);

        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(outcome.error()).contains("SARIF");
    }

    @Test
    void aFindingMadeByTestsNamesThem() throws InvalidReportException {
        Leak leak = ReportFiles.read(Path.of(report("leaking.json"))).leaks().get(0).withTests(List.of(
                new LeakTest("[engine:junit-jupiter]/[class:com.acme.AT]/[method:reads()]", "reads()", "com.acme.AT", "reads", 2),
                new LeakTest("[engine:junit-jupiter]/[class:com.acme.BT]", "BT", "com.acme.BT", null, 1)));

        assertThat(CheckRun.describe(leak)).endsWith("in com.acme.orders.InvoiceStore.load; leaked by 2 tests: com.acme.AT.reads (2), com.acme.BT (1)");
    }
}
