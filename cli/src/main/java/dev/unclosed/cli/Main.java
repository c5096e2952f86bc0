package dev.unclosed.cli;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of the agent jar: {@code java -jar unclosed-agent.jar COMMAND ...}.
 * Usage errors and unusable inputs end as one line on stderr and an exit code, never a stack trace.
 */
public final class Main {

    static final String PROGRAM = "java -jar unclosed-agent.jar";

    private static final List<Command> COMMANDS = List.of(new CheckCommand(), new BaselineCommand(), new MergeCommand(), new HtmlCommand(),
            new AttachCommand(), new ReportCommand());

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(usage());
            return ExitCode.BAD_USAGE;
        }
        String first = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        String helpHint = PROGRAM + " --help";
        try {
            switch (first) {
                case "--help", "-h", "help" -> {
                    if (rest.isEmpty()) {
                        out.print(usage());
                    } else {
                        out.print(command(rest.get(0)).help());
                    }
                    return ExitCode.OK;
                }
                case "--version", "version" -> {
                    out.println("unclosed " + Version.current());
                    return ExitCode.OK;
                }
                default -> {
                    Command command = command(first);
                    helpHint = PROGRAM + " " + command.name() + " --help";
                    if (Arguments.asksForHelp(rest)) {
                        out.print(command.help());
                        return ExitCode.OK;
                    }
                    return command.run(rest, out);
                }
            }
        } catch (UsageException e) {
            err.println("unclosed: " + e.getMessage());
            err.println("Run '" + helpHint + "' for usage.");
            return ExitCode.BAD_USAGE;
        } catch (OutputException e) {
            err.println("unclosed: " + e.getMessage());
            return ExitCode.CANNOT_WRITE;
        } catch (InputException e) {
            err.println("unclosed: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        } catch (InvalidPathException e) {
            err.println("unclosed: " + e.getInput().replace("\0", "\\0") + ": not a valid path (" + e.getReason() + ")");
            return ExitCode.BAD_INPUT;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static Command command(String name) throws UsageException {
        for (Command command : COMMANDS) {
            if (command.name().equals(name)) {
                return command;
            }
        }
        String nearest = dev.unclosed.report.NearestName.of(name, COMMANDS.stream().map(Command::name).toList());
        throw new UsageException("unknown command '" + name + "'" + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
    }

    static String usage() {
        StringBuilder text = new StringBuilder()
                .append("unclosed ").append(Version.current()).append(": finds resources collected or left open without close().\n\n")
                .append("As an agent:  java -javaagent:unclosed-agent.jar=report=target/unclosed/{pid}.json ...\n")
                .append("As a tool:    ").append(PROGRAM).append(" COMMAND [ARGS...]\n\n")
                .append("Commands:\n");
        for (Command command : COMMANDS) {
            text.append(String.format("  %-9s %s%n", command.name(), command.summary()));
        }
        text.append(String.format("  %-9s %s%n", "help", "print this help, or 'help COMMAND' for a command's"))
                .append("\nOptions: --help (also after a command), --version\n\n")
                .append(ExitCode.HELP);
        return text.toString();
    }
}
