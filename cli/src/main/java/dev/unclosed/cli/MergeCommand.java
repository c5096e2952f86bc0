package dev.unclosed.cli;

import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code merge REPORT... --output FILE}: one report from many, in the same format. */
final class MergeCommand implements Command {

    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String summary() {
        return "merge reports into one report of the same format";
    }

    @Override
    public String help() {
        return "Usage: " + Main.PROGRAM + " merge REPORT... --output FILE\n\n"
                + """
                Merges the reports into one: findings with the same id have their counts added and keep the
                earliest first sighting (with its stack and thread); summaries are summed (sampleRate: the
                largest); startedAt is the earliest, finishedAt the latest; tool, jvm and options are the first
                report's. The result is written whole, and only when every input is valid.

                """
                + ReportInputs.HELP
                + ReportsToFile.optionsHelp("the merged report");
    }

    @Override
    public int run(List<String> args, PrintStream out) throws UsageException, InputException {
        ReportsToFile command = ReportsToFile.parse(name(), args);
        ReportInputs.Inputs inputs = command.inputs();
        Path output = command.output();
        LeakReport merged = inputs.merged();
        Outputs.write(output, "merged report of " + LeakText.plural(inputs.files().size(), "report") + " ("
                + LeakText.plural(merged.leaks().size(), "finding") + ")", out, file -> ReportFiles.write(merged, file));
        return ExitCode.OK;
    }
}
