package dev.unclosed.cli;

import dev.unclosed.report.AtomicFiles;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code report PID --output FILE}: the agent in a running JVM writes a complete report now. */
final class ReportCommand implements Command {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "have the agent in a running JVM write its report now";
    }

    @Override
    public String help() {
        return "Usage: " + Main.PROGRAM + " report PID --output FILE\n\n"
                + """
                Asks the agent loaded in the running JVM PID (by -javaagent or attach) to write a complete
                report to FILE now, through the attach mechanism (no network port), and waits for it. The
                report holds the leaks found so far (kind gc) and what is open at this moment (kind open:
                not judged, it may yet be closed); the program runs on, and writes its exit report as usual.
                FILE is written by that JVM: a relative path is taken from this command's directory.

                Options:
                  --output FILE   where the report goes (required).
                  --help          print this help.

                """
                + ExitCode.HELP_ATTACH;
    }

    @Override
    public int run(List<String> args, PrintStream out) throws UsageException, InputException {
        Arguments arguments = Arguments.parse(name(), args, Set.of("--output"), Set.of());
        List<String> operands = arguments.operands();
        if (operands.size() != 1) {
            throw new UsageException("report: expected one PID, " + (operands.isEmpty() ? "none given" : "not " + operands));
        }
        long pid = AgentAttach.pid(name(), operands.get(0));
        Path output = Path.of(arguments.required("--output")).toAbsolutePath();
        String problem = AtomicFiles.problemWriting(output);
        if (problem != null) {
            throw new OutputException("report", output, problem);
        }
        AgentAttach.Answer answer = AgentAttach.send(pid, AttachProtocol.WRITE_REPORT + output);
        if (!AttachProtocol.WRITTEN.equals(answer.answer())) {
            throw new InputException(answer.text().replaceFirst("^unclosed: ", ""));
        }
        if (!Files.isRegularFile(output)) {
            throw new InputException(output + ": process " + pid + " said it wrote the report, but it is not there");
        }
        out.println("Wrote the report of process " + pid + " to " + output);
        return ExitCode.OK;
    }
}
