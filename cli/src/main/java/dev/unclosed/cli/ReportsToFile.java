package dev.unclosed.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What {@code baseline} and {@code merge} both take: reports to read, and the one file to write. */
record ReportsToFile(ReportInputs.Inputs inputs, Path output) {

    /** Parses {@code REPORT... --output FILE}, then reads and validates every report. */
    static ReportsToFile parse(String command, List<String> args) throws UsageException, InputException {
        Arguments arguments = Arguments.parse(command, args, Set.of("--output"), Set.of());
        List<String> operands = arguments.reports();
        Path output = Path.of(arguments.required("--output"));
        return new ReportsToFile(ReportInputs.read(operands), output);
    }

    /** The options part of the help of such a command; {@code what} names the file written. */
    static String optionsHelp(String what) {
        return """

                Options:
                  --output FILE   where to write %s (required).
                  --help          print this help.

                """.formatted(what) + ExitCode.HELP_WITHOUT_LEAK_FAILURES;
    }
}
