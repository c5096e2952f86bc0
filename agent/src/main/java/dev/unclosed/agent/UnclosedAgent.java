package dev.unclosed.agent;


import dev.unclosed.cli.AttachProtocol;

import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;

/**
 * The agent's entry points: {@code premain} for {@code -javaagent}, {@code agentmain} when attached to a running JVM
 * ({@code java -jar unclosed-agent.jar attach PID}, {@code jcmd PID JVMTI.agent_load}). It does little and never
 * lets an exception escape into the program, with two exceptions of its own: a bad option stops the JVM at start
 * with one clear message, because a leak checker that silently does not check is worse than none; and on attach
 * the same bad option refuses the load (see {@link AttachRefused}), since stopping a running program is never
 * what whoever attached wanted.
 *
 * <p>This class must not mention the bootstrap hooks: linking it would load them from the agent jar's loader
 * before they are on the bootstrap class path. Everything that touches them starts in {@link AgentRuntime}.
 */
public final class UnclosedAgent {

    private static volatile boolean started;

    private UnclosedAgent() {
    }

    public static void premain(String argument, Instrumentation instrumentation) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(argument, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("unclosed: " + e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }
        start(options, instrumentation);
    }

    /**
     * On attach: loads the agent with the options given, or writes a report now if that is what is asked (see
     * {@link AttachProtocol}). Whatever the outcome, the program runs on; the answer goes to the reply file when the
     * attaching side gave one ({@code attach}, {@code report}), else a refusal is thrown (see {@link AttachRefused}).
     */
    public static void agentmain(String argument, Instrumentation instrumentation) {
        String replyFile = AttachProtocol.replyFile(argument);
        String request = AttachProtocol.request(argument);
        if (request != null && request.startsWith(AttachProtocol.WRITE_REPORT)) {
            String file = request.substring(AttachProtocol.WRITE_REPORT.length());
            String problem = started ? AgentRuntime.writeReportNow(file) : "the agent is not loaded in this JVM; attach it first";
            if (problem == null) {
                reply(replyFile, AttachProtocol.WRITTEN, file);
            } else {
                refuse(replyFile, AttachProtocol.NOT_WRITTEN, "unclosed: no report written to " + file + ": " + problem);
            }
            return;
        }
        if (started) {
            System.err.println("unclosed: already loaded in this JVM; this attach changes nothing");
            reply(replyFile, AttachProtocol.ALREADY_LOADED, version());
            return;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(request, System.getProperties());
        } catch (IllegalArgumentException e) {
            refuse(replyFile, AttachProtocol.REFUSED, "unclosed: not loaded, the program runs on without it: " + e.getMessage());
            return;
        }
        start(options, instrumentation);
        if (started) {
            reply(replyFile, AttachProtocol.LOADED, version());
        } else {
            refuse(replyFile, AttachProtocol.REFUSED, "unclosed: could not start; see the program's stderr");
        }
    }

    private static void refuse(String replyFile, String answer, String message) {
        System.err.println(message);
        System.err.flush();
        if (replyFile == null) {
            throw new AttachRefused(message);
        }
        reply(replyFile, answer, message);
    }

    /** One line for the attaching side; what writing it opens is not tracked once the agent runs. */
    private static void reply(String replyFile, String answer, String text) {
        if (replyFile == null) {
            return;
        }
        byte[] line = (answer + " " + text.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
        if (started) {
            AgentRuntime.writeAsAgent(replyFile, line);
        } else {
            writeQuietly(replyFile, line);
        }
    }

    static void writeQuietly(String file, byte[] content) {
        try (FileOutputStream out = new FileOutputStream(file)) {
            out.write(content);
        } catch (IOException | RuntimeException e) {
            System.err.println("unclosed: could not answer the attaching side in " + file + ": " + e.getMessage());
        }
    }

    private static synchronized void start(AgentOptions options, Instrumentation instrumentation) {
        if (started) {
            return;
        }
        try {
            if (BootstrapInjection.agentInBootstrapLoader()) {
                openApplicationClassPath();
            }
            BootstrapInjection.inject(instrumentation);
            // Only now may code that links against the hooks run: they must resolve to the bootstrap copy.
            AgentRuntime.start(options, instrumentation, version());
            started = true;
        } catch (Throwable t) {
            System.err.println("unclosed: could not start, no leaks will be reported: " + t);
        }
    }

    /**
     * Has the application class loader open every jar of the class path now, before anything is tracked, by looking
     * for a class no jar has. Loading the agent from the class path did that in passing (the agent's jar comes last);
     * from the bootstrap loader, the jars would open as the program's classes load, be tracked as the class path's,
     * and stay open to the end, where the final sweep would wait for them in vain.
     */
    private static void openApplicationClassPath() {
        try {
            Class.forName("dev.unclosed.agent.UnclosedAgent$OnNoClassPath", false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            // expected: the class is nowhere; the jars are open
        }
    }

    static String version() {
        return AgentVersion.VERSION;
    }
}
