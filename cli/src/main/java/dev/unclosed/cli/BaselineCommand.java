package dev.unclosed.cli;


import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code baseline REPORT... --output FILE}: the findings of today, to be accepted until fixed. */
final class BaselineCommand implements Command {

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public String summary() {
        return "write the reports' findings as a baseline file to commit";
    }

    @Override
    public String help() {
        return "Usage: " + Main.PROGRAM + " baseline REPORT... --output FILE\n\n"
                + """
                Writes every finding of the reports (all kinds) to a small JSON file sorted by id, meant to be
                committed and reviewed: 'check --baseline FILE' then fails only on findings not in it, and
                lists entries no longer seen as fixed. Matching is by id alone; type, kind, site, className
                and methodName are there for the reader. The same findings always give the same file.

                  {"schemaVersion": 1, "kind": "unclosed-baseline", "leaks": [
                    {"id": "...", "type": "java.io.FileInputStream", "kind": "gc",
                     "site": "InvoiceStore.java:42", "className": "com.acme.InvoiceStore", "methodName": "load"}]}

                """
                + ReportInputs.HELP
                + ReportsToFile.optionsHelp("the baseline");
    }

    @Override
    public int run(List<String> args, PrintStream out) throws UsageException, InputException {
        ReportsToFile command = ReportsToFile.parse(name(), args);
        ReportInputs.Inputs inputs = command.inputs();
        Path output = command.output();
        Baseline baseline = Baseline.of(inputs.merged());
        Outputs.write(output, "baseline of " + LeakText.plural(baseline.entries().size(), "finding"), out, baseline::write);
        out.println("Commit it, then run: " + Main.PROGRAM + " check REPORT... --baseline " + output);
        return ExitCode.OK;
    }
}
