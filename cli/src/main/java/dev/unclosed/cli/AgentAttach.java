package dev.unclosed.cli;

import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Attaches the agent jar this command runs from to another JVM (through an {@link AttachJar}), with Byte Buddy's
 * agent module (which finds the JDK's attach API, {@code jdk.attach}, however the JDK packages it), and returns the
 * agent's one-line answer (see {@link AttachProtocol}).
 */
final class AgentAttach {

    /** The answer and its text, as the agent wrote them. */
    record Answer(String answer, String text) {
    }

    private AgentAttach() {
    }

    static long pid(String command, String value) throws UsageException {
        try {
            long pid = Long.parseLong(value);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // said below, with what was expected
        }
        throw new UsageException(command + ": PID must be a process id (a whole number, as jps or jcmd list them), not '" + value + "'");
    }

    static Answer send(long pid, String request) throws InputException {
        File agentJar = agentJar();
        if (pid == ProcessHandle.current().pid()) {
            throw new InputException("process " + pid + " is this command itself; give the PID of the JVM to attach to");
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new InputException("no process " + pid + " is running; 'jcmd' lists the JVMs you can attach to");
        }
        Path reply;
        try {
            reply = Files.createTempFile("unclosed-attach-", ".txt");
        } catch (IOException e) {
            throw new InputException("cannot make a temporary file for the agent's answer: " + e.getMessage());
        }
        try {
            Path attachJar;
            try {
                attachJar = AttachJar.write(agentJar);
            } catch (IOException e) {
                throw new InputException("cannot make a temporary jar to attach the agent through: " + e.getMessage());
            }
            try {
                ByteBuddyAgent.attach(attachJar.toFile(), Long.toString(pid), AttachProtocol.withReply(reply.toString(), request));
            } catch (RuntimeException e) {
                throw new InputException("cannot attach to process " + pid + ": " + rootMessage(e)
                        + " (is it a JVM of this user, started without -XX:+DisableAttachMechanism?)");
            } finally {
                AttachJar.delete(attachJar);
            }
            String line = Files.readString(reply, StandardCharsets.UTF_8).strip();
            if (line.isEmpty()) {
                throw new InputException("process " + pid + " took the agent but gave no answer; see its stderr");
            }
            int space = line.indexOf(' ');
            return space < 0 ? new Answer(line, "") : new Answer(line.substring(0, space), line.substring(space + 1));
        } catch (IOException e) {
            throw new InputException("cannot read the agent's answer from " + reply + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(reply);
            } catch (IOException e) {
                // a temporary file left behind; nothing else is wrong
            }
        }
    }

    /** The jar this command runs from: the agent jar, which holds the command line too. */
    static File agentJar() throws InputException {
        try {
            Path location = Paths.get(AgentAttach.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location.toFile();
            }
            throw new InputException(location + ": not the agent jar; run this command as java -jar unclosed-agent.jar");
        } catch (URISyntaxException | RuntimeException e) {
            throw new InputException("cannot tell where the agent jar is: " + e.getMessage());
        }
    }

    /** The innermost cause's message: Byte Buddy and reflection wrap what the attach API said. */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
