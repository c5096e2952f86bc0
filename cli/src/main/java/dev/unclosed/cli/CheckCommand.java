package dev.unclosed.cli;

import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code check REPORT...}: merges the reports and fails (exit 1) when leaks fail the check. */
final class CheckCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("--baseline", "--fail-on", "--max", "--sarif", "--junit", "--json", "--html");
    private static final Set<String> SWITCHES = Set.of("--quiet");

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "merge reports, print the leaks by site, exit 1 when leaks fail the check";
    }

    @Override
    public String help() {
        return "Usage: " + Main.PROGRAM + " check REPORT... [options]\n\n"
                + """
                Reads the reports, merges findings with the same id (counts added, earliest first sighting kept),
                prints them grouped by allocation site (failing first, then by file and line) with the site and
                the application's frames of each stack (JDK and test-runner frames folded), then a totals line
                and PASSED or FAILED.

                """
                + ReportInputs.HELP
                + """

                A finding fails when its kind is covered by --fail-on and its id is not in the baseline;
                the check fails when more findings fail than --max tolerates.

                Options:
                  --baseline FILE   findings whose id is in FILE do not fail; entries of FILE no longer seen
                                    are listed as fixed. FILE is a baseline (see 'baseline --help') or a report.
                  --fail-on KINDS   gc (default): collected without close(); exit: still open at JVM exit;
                                    any: both; or kinds separated by commas (gc,exit). Findings of other
                                    kinds are shown but pass; a kind from a newer agent fails only if named.
                  --max N           failing findings tolerated (default 0).
                  --sarif FILE      write SARIF 2.1.0, one result per finding (for code scanning).
                  --junit FILE      write JUnit XML: a failing finding fails the tests that leaked it (when the
                                    report names them) or a test case of its own.
                  --json FILE       write the merged report (same format, readable by check again).
                  --html FILE       write the findings as one HTML page to look at (see 'html --help').
                  --quiet           print only failing findings, the fixed list and the totals.
                  --help            print this help.

                Output files are written whole (temporary file, then rename), and not at all when an input
                is invalid.

                """
                + ExitCode.HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out) throws UsageException, InputException {
        return check(args, out).failed() ? ExitCode.LEAKS : ExitCode.OK;
    }

    /** The whole command but the exit code: {@link CheckRun} needs the findings as well as the verdict. */
    LeakCheck.Result check(List<String> args, PrintStream out) throws UsageException, InputException {
        Arguments arguments = Arguments.parse(name(), args, VALUE_OPTIONS, SWITCHES);
        List<String> operands = arguments.reports();
        FailOn failOn = arguments.value("--fail-on").isPresent() ? FailOn.parse(arguments.value("--fail-on").get()) : FailOn.GC;
        int max = arguments.count("--max", 0);
        Path sarif = arguments.value("--sarif").map(Path::of).orElse(null);
        Path junit = arguments.value("--junit").map(Path::of).orElse(null);
        Path json = arguments.value("--json").map(Path::of).orElse(null);
        Path html = arguments.value("--html").map(Path::of).orElse(null);

        // Every input is read and validated before anything is written.
        ReportInputs.Inputs inputs = ReportInputs.read(operands);
        Baseline baseline = arguments.value("--baseline").isPresent() ? Baseline.read(Path.of(arguments.value("--baseline").get())) : null;

        LeakReport merged = inputs.merged();
        LeakCheck.Result result = LeakCheck.evaluate(merged, new LeakCheck.Options(failOn, max, baseline));
        new ConsoleSummary(out).print(result, inputs.files().size(), arguments.has("--quiet"));

        if (json != null) {
            Outputs.write(json, "merged report", out, file -> ReportFiles.write(merged, file));
        }
        if (sarif != null) {
            Outputs.write(sarif, "SARIF", out, file -> SarifWriter.write(result, file));
        }
        if (junit != null) {
            Outputs.write(junit, "JUnit XML", out, file -> JUnitXmlWriter.write(result, file));
        }
        if (html != null) {
            Outputs.write(html, "HTML report", out, file -> HtmlReport.write(result, inputs.files().size(), file));
        }
        return result;
    }
}
