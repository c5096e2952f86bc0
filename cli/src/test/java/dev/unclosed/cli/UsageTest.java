package dev.unclosed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

class UsageTest {

    @Test
    void anUnknownCommandIsExit3WithTheNearestCommandAndAHintToRunHelp() {
        Cli.Result result = Cli.run("chek", report("clean.json"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("unclosed: unknown command 'chek' (did you mean check?)\nRun 'java -jar unclosed-agent.jar --help' for usage.\n");
    }

    @Test
    void anUnknownOptionIsExit3WithTheNearestOptionAndAHintToThatCommandsHelp() {
        Cli.Result result = Cli.run("check", report("clean.json"), "--fail-onn", "gc");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("unclosed: check: unknown option --fail-onn (did you mean --fail-on?)\nRun 'java -jar unclosed-agent.jar check --help' for usage.\n");
    }

    @Test
    void anUnknownOptionFarFromEveryKnownOneSuggestsNothing() {
        assertThat(Cli.run("check", report("clean.json"), "--verbose").err()).startsWith("unclosed: check: unknown option --verbose\n");
    }

    @Test
    void anOptionWithoutItsValueIsExit3() {
        Cli.Result result = Cli.run("check", report("clean.json"), "--sarif");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("unclosed: check: option --sarif needs a value\n");
    }

    @Test
    void anOptionFollowedByAnotherOptionHasNoValue() {
        Cli.Result result = Cli.run("check", "--baseline", "--quiet", report("clean.json"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("unclosed: check: option --baseline needs a value\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "many", "2.5", "99999999999"})
    void maxMustBeAWholeNumberOfAtLeastZero(String value) {
        Cli.Result result = Cli.run("check", report("clean.json"), "--max", value);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("unclosed: check: option --max expects a whole number >= 0, not '" + value + "'\n");
    }

    @Test
    void failOnAcceptsKindNamesOnly() {
        Cli.Result result = Cli.run("check", report("clean.json"), "--fail-on", "gc;exit");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith(
                "unclosed: check: option --fail-on expects gc, exit, any or kinds separated by commas, not 'gc;exit'\n");
    }

    @Test
    void anOptionGivenTwiceIsExit3() {
        Cli.Result result = Cli.run("check", report("clean.json"), "--max", "1", "--max", "2");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("unclosed: check: option --max given twice\n");
    }

    @Test
    void checkWithoutAReportIsExit3() {
        Cli.Result result = Cli.run("check", "--fail-on", "any");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("unclosed: check: no REPORT given");
    }

    @Test
    void mergeAndBaselineRequireAnOutput() {
        assertThat(Cli.run("merge", report("clean.json")).err()).startsWith("unclosed: merge: option --output FILE is required\n");
        assertThat(Cli.run("baseline", report("clean.json")).exitCode()).isEqualTo(3);
    }

    @Test
    void noArgumentsPrintsTheUsageOnStderrAndIsExit3() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("Commands:").contains("check").contains("Exit codes:");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("  check ").contains("  baseline ").contains("  merge ")
                .contains("3  bad usage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "baseline", "merge"})
    void everyCommandHasItsOwnHelp(String command) {
        Cli.Result viaOption = Cli.run(command, "--help");
        Cli.Result viaHelp = Cli.run("help", command);

        assertThat(viaOption.exitCode()).isZero();
        assertThat(viaOption.out()).startsWith("Usage: java -jar unclosed-agent.jar " + command + " REPORT...")
                .contains("directly inside it").contains("Exit codes:");
        assertThat(viaHelp.out()).isEqualTo(viaOption.out());
    }

    @Test
    void helpWinsOverOtherwiseBadArguments() {
        Cli.Result result = Cli.run("check", "--bogus", "-h");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--fail-on KIND");
    }

    @Test
    void versionPrintsTheBuiltVersion() {
        Cli.Result result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("unclosed \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
    }

    @Test
    void aDoubleDashEndsTheOptions() {
        Cli.Result result = Cli.run("check", "--", "--not-an-option.json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("unclosed: --not-an-option.json: no such file or directory\n");
    }
}
