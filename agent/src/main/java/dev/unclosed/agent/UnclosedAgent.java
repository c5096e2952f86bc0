package dev.unclosed.agent;


import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point. It does little and never lets an exception escape, with one exception of
 * its own: a bad option stops the JVM at start with one clear message, because a leak checker that silently does
 * not check is worse than none.
 *
 * <p>This class must not mention the bootstrap hooks: linking it would load them from the agent jar's loader
 * before they are on the bootstrap class path. Everything that touches them starts in {@link AgentRuntime}.
 */
public final class UnclosedAgent {

    private static volatile boolean started;

    private UnclosedAgent() {
    }

    public static void premain(String argument, Instrumentation instrumentation) {
        start(argument, instrumentation);
    }

    public static void agentmain(String argument, Instrumentation instrumentation) {
        start(argument, instrumentation);
    }

    private static synchronized void start(String argument, Instrumentation instrumentation) {
        if (started) {
            return;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(argument, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("unclosed: " + e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }
        try {
            BootstrapInjection.inject(instrumentation);
            // Only now may code that links against the hooks run: they must resolve to the bootstrap copy.
            AgentRuntime.start(options, instrumentation, version());
            started = true;
        } catch (Throwable t) {
            System.err.println("unclosed: could not start, no leaks will be reported: " + t);
        }
    }

    static String version() {
        String version = UnclosedAgent.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
