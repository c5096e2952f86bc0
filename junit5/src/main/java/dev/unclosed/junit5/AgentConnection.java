package dev.unclosed.junit5;

import dev.unclosed.cli.AttachJar;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether the agent runs in this JVM, and if it does not, loading it the way Mockito's inline mock maker loads its
 * own: attaching to this very JVM through Byte Buddy's agent module, which falls back to a helper process where a
 * JVM may not attach to itself. Decided once per JVM; what is said about it is said once, on stderr.
 */
final class AgentConnection {

    /** System property or JUnit configuration parameter: {@code false} never loads the agent into a running JVM. */
    static final String SELF_ATTACH = "unclosed.junit.selfAttach";
    /** System property or JUnit configuration parameter: the options of an agent loaded that way. */
    static final String AGENT_OPTIONS = "unclosed.junit.agentOptions";
    private static final String SCOPES = "dev.unclosed.bootstrap.TestScopes";

    private static Boolean connected;

    private AgentConnection() {
    }

    /**
     * Whether the agent listens, loading it first if it is missing and that is allowed.
     *
     * @param parameters the JUnit configuration parameter of a name, if given
     */
    static synchronized boolean connect(Function<String, Optional<String>> parameters) {
        if (connected == null) {
            connected = tryConnect(parameters);
        }
        return connected;
    }

    private static boolean tryConnect(Function<String, Optional<String>> parameters) {
        try {
            if (agentLoaded()) {
                return AgentBridge.listening();
            }
            if ("false".equalsIgnoreCase(setting(SELF_ATTACH, parameters))) {
                say("the agent is not loaded in this JVM, so leaks are not tracked and tests are not named. Start the"
                        + " test JVM with -javaagent:unclosed-agent.jar, or use unclosed-maven-plugin's prepare-agent.");
                return false;
            }
            File agentJar = agentJar();
            if (agentJar == null) {
                say("the agent is not loaded in this JVM and its jar (dev.unclosed:unclosed-agent) is not on the test"
                        + " class path, so leaks are not tracked. Start the test JVM with -javaagent:unclosed-agent.jar.");
                return false;
            }
            String options = setting(AGENT_OPTIONS, parameters);
            String failure = attach(agentJar, options == null ? "" : options);
            if (failure != null) {
                say("could not load the agent into this JVM (" + failure + "); leaks are not tracked. Start the test"
                        + " JVM with -javaagent:" + agentJar);
                return false;
            }
            if (!agentLoaded() || !AgentBridge.listening()) {
                say("could not load the agent into this JVM; leaks are not tracked. Start the test JVM with"
                        + " -javaagent:" + agentJar);
                return false;
            }
            say("loaded the agent into this running JVM: objects created before now are not tracked. The"
                    + " recommended way is -javaagent:" + agentJar + " (or unclosed-maven-plugin's prepare-agent)"
                    + (Runtime.version().feature() >= 21
                    ? "; loading an agent at run time makes Java 21 and later print a warning, and later Java"
                    + " versions will refuse it by default (JEP 451)." : "."));
            return true;
        } catch (Throwable t) {
            say("could not load the agent into this JVM (" + t.getMessage() + "); leaks are not tracked. Start the"
                    + " test JVM with -javaagent:unclosed-agent.jar.");
            return false;
        }
    }

    /**
     * Attaches on a thread of its own, for a bounded time: an attach that hangs (a helper process that never gets an
     * answer) must not hang the test run. Returns null when done, else what went wrong.
     */
    private static String attach(File agentJar, String options) throws InterruptedException {
        String[] failure = new String[1];
        Thread attacher = new Thread(() -> {
            Path attachJar = null;
            try {
                attachJar = AttachJar.write(agentJar);
                ByteBuddyAgent.attach(attachJar.toFile(), String.valueOf(ProcessHandle.current().pid()), options);
            } catch (Throwable t) {
                failure[0] = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            } finally {
                if (attachJar != null) {
                    AttachJar.delete(attachJar);
                }
            }
        }, "unclosed-attach");
        attacher.setDaemon(true);
        attacher.start();
        attacher.join(ATTACH_TIMEOUT_MILLIS);
        if (attacher.isAlive()) {
            return "no answer within " + ATTACH_TIMEOUT_MILLIS / 1000 + " s";
        }
        return failure[0];
    }

    private static final long ATTACH_TIMEOUT_MILLIS = 60_000;

    /** Whether the agent's bootstrap API is on the bootstrap class path, looked up without linking to it. */
    private static boolean agentLoaded() {
        try {
            Class.forName(SCOPES, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The agent jar on the test class path, if it is there as a jar file. */
    private static File agentJar() throws Exception {
        URL agentClass = AgentConnection.class.getClassLoader().getResource("dev/unclosed/agent/UnclosedAgent.class");
        if (agentClass == null || !"jar".equals(agentClass.getProtocol())) {
            return null;
        }
        String path = agentClass.getPath(); // file:/.../unclosed-agent.jar!/dev/unclosed/agent/UnclosedAgent.class
        File jar = new File(new URL(path.substring(0, path.indexOf("!/"))).toURI());
        return jar.isFile() ? jar : null;
    }

    private static String setting(String name, Function<String, Optional<String>> parameters) {
        String value = System.getProperty(name);
        return value != null ? value : parameters.apply(name).orElse(null);
    }

    static void say(String message) {
        System.err.println("unclosed: " + message);
    }
}
