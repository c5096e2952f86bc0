package dev.unclosed.cli;

import dev.unclosed.report.Leak;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.util.List;

/**
 * {@code check} for a caller in the same JVM (the Maven plugin): the arguments, printed summary, output files and exit
 * code of {@code java -jar unclosed-agent.jar check}, plus the failing findings as sentences, so that the caller's own
 * failure message can name them. Nothing is thrown: bad usage and bad input come back as their exit code and message.
 */
public final class CheckRun {

    /**
     * @param exitCode as the command line's: 0 passed, 1 leaks fail the check, 2 an input cannot be used, 3 bad usage,
     *                 4 an output cannot be written
     * @param error    the one-line message for exit codes 2 to 4, else null
     * @param failing  one sentence per failing finding: what leaked, where it was allocated, in which tests
     */
    public record Outcome(int exitCode, String error, List<String> failing) {

        public boolean passed() {
            return exitCode == ExitCode.OK;
        }
    }

    private CheckRun() {
    }

    /** Runs {@code check} with these arguments (as after the word check), printing its summary to {@code out}. */
    public static Outcome check(List<String> args, PrintStream out) {
        try {
            LeakCheck.Result result = new CheckCommand().check(args, out);
            List<String> failing = result.findings().stream()
                    .filter(finding -> finding.status() == LeakCheck.Status.FAIL)
                    .map(finding -> describe(finding.leak()))
                    .toList();
            return new Outcome(result.failed() ? ExitCode.LEAKS : ExitCode.OK, null, failing);
        } catch (UsageException e) {
            return new Outcome(ExitCode.BAD_USAGE, e.getMessage(), List.of());
        } catch (OutputException e) {
            return new Outcome(ExitCode.CANNOT_WRITE, e.getMessage(), List.of());
        } catch (InputException e) {
            return new Outcome(ExitCode.BAD_INPUT, e.getMessage(), List.of());
        } catch (InvalidPathException e) {
            return new Outcome(ExitCode.BAD_INPUT, e.getInput() + ": not a valid path (" + e.getReason() + ")", List.of());
        } finally {
            out.flush();
        }
    }

    /** {@code 2 x java.io.FileInputStream collected without close(), allocated at ...; leaked by 1 test: com.acme.FooTest.reads (2)}. */
    static String describe(Leak leak) {
        String tests = LeakText.tests(leak);
        return LeakText.sentence(leak) + (tests == null ? "" : "; " + tests);
    }
}
