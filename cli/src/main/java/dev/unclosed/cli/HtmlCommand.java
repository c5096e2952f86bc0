package dev.unclosed.cli;

import dev.unclosed.report.LeakReport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code html REPORT... --output FILE}: the merged reports as one static page for people (see {@link HtmlReport}). */
final class HtmlCommand implements Command {

    private static final Set<String> VALUE_OPTIONS = Set.of("--output", "--baseline", "--fail-on", "--max");

    @Override
    public String name() {
        return "html";
    }

    @Override
    public String summary() {
        return "merge reports into one HTML page to look at (also: check --html FILE)";
    }

    @Override
    public String help() {
        return "Usage: " + Main.PROGRAM + " html REPORT... --output FILE [options]\n\n"
                + """
                Writes one self-contained HTML page (no network, opens from file:// or a CI artifact): the run's
                summary, a chart of leaked instances by type and kind, and the findings grouped by allocation site,
                sortable by count, type and kind and filterable by kind and text. Each finding shows its stack (the
                application's frames highlighted, JDK and test-runner frames folded, as in check), what it owned as
                nested boxes, the tests that leaked it and the public API it came from, when the report has them.
                The page's view is in its URL: #sort=type&kind=gc&q=socket&open=ID.

                """
                + ReportInputs.HELP
                + """

                Options:
                  --output FILE     where to write the page (required).
                  --baseline FILE   mark findings whose id is in FILE as baseline and list the fixed entries.
                  --fail-on KINDS   which kinds the page marks as failing, as for check (default gc).
                  --max N           failing findings tolerated, as for check (default 0).
                  --help            print this help.

                """
                + ExitCode.HELP_WITHOUT_LEAK_FAILURES;
    }

    @Override
    public int run(List<String> args, PrintStream out) throws UsageException, InputException {
        Arguments arguments = Arguments.parse(name(), args, VALUE_OPTIONS, Set.of());
        List<String> operands = arguments.reports();
        Path output = Path.of(arguments.required("--output"));
        FailOn failOn = arguments.value("--fail-on").isPresent() ? FailOn.parse(arguments.value("--fail-on").get()) : FailOn.GC;
        int max = arguments.count("--max", 0);
        ReportInputs.Inputs inputs = ReportInputs.read(operands);
        Baseline baseline = arguments.value("--baseline").isPresent() ? Baseline.read(Path.of(arguments.value("--baseline").get())) : null;
        LeakReport merged = inputs.merged();
        LeakCheck.Result result = LeakCheck.evaluate(merged, new LeakCheck.Options(failOn, max, baseline));
        Outputs.write(output, "HTML report", out, file -> HtmlReport.write(result, inputs.files().size(), file));
        return ExitCode.OK;
    }
}
