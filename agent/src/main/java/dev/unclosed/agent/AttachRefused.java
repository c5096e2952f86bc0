package dev.unclosed.agent;

/**
 * Thrown out of {@code agentmain} to refuse an attach (bad options, or a report asked of a JVM without the agent):
 * the only way to tell the attaching side ({@code jcmd} prints a non-zero return code, the Attach API throws), while
 * the program runs on. Without a stack trace: the JDK prints it on the program's stderr, where only the message helps.
 */
final class AttachRefused extends RuntimeException {

    AttachRefused(String message) {
        super(message, null, false, false);
    }
}
