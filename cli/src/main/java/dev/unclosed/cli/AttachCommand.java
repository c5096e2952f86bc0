package dev.unclosed.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code attach PID [OPTIONS]}: loads the agent into a running JVM. */
final class AttachCommand implements Command {

    @Override
    public String name() {
        return "attach";
    }

    @Override
    public String summary() {
        return "load the agent into a running JVM";
    }

    @Override
    public String help() {
        return "Usage: " + Main.PROGRAM + " attach PID [OPTIONS]\n\n"
                + """
                Loads the agent into the running JVM PID with the agent options OPTIONS, as after
                -javaagent:unclosed-agent.jar= (report=..., flushInterval=30s, ...; several operands are joined
                with commas). Commas and '=' pass as given, which jcmd's JVMTI.agent_load cannot do.
                Says whether the agent loaded; bad options are refused by the agent, named here, and the
                program runs on. If the agent is loaded already, says so and changes nothing.

                Objects created before the attach are not tracked: leaks and open objects are those of
                what the program creates from then on. Java 21 and later warn on the program's stderr about
                an agent loaded this way unless it runs with -XX:+EnableDynamicAgentLoading.

                """
                + ExitCode.HELP_ATTACH;
    }

    @Override
    public int run(List<String> args, PrintStream out) throws UsageException, InputException {
        if (args.isEmpty()) {
            throw new UsageException("attach: no PID given");
        }
        long pid = AgentAttach.pid(name(), args.get(0));
        String options = String.join(",", args.subList(1, args.size()));
        AgentAttach.Answer answer = AgentAttach.send(pid, options);
        switch (answer.answer()) {
            case AttachProtocol.LOADED -> {
                out.println("Loaded unclosed " + answer.text() + " into process " + pid
                        + (options.isEmpty() ? "" : " with " + options));
                return ExitCode.OK;
            }
            case AttachProtocol.ALREADY_LOADED -> {
                out.println("unclosed " + answer.text() + " is already loaded in process " + pid + "; nothing changed");
                return ExitCode.OK;
            }
            default -> throw new UsageException(answer.text().replaceFirst("^unclosed: ", ""));
        }
    }
}
