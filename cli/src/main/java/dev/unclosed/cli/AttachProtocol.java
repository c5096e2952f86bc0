package dev.unclosed.cli;

/**
 * What the {@code attach} and {@code report} commands say to the agent through the attach mechanism, and what it
 * answers. The agent argument of such an attach starts with {@code @reply=LENGTH:PATH}: a file the agent writes one
 * line into ({@code ANSWER text}), since the attach mechanism carries back no message of the agent's. What follows
 * is the agent's options, or {@link #WRITE_REPORT} and a path. An attach without a reply file ({@code jcmd}) gets
 * the agent's messages on the program's stderr only.
 */
public final class AttachProtocol {

    public static final String REPLY = "@reply=";
    /** Asks the loaded agent to write a complete report now to the path that follows. */
    public static final String WRITE_REPORT = "@writeReport=";

    /** The agent was loaded with these options (text: its version). */
    public static final String LOADED = "loaded";
    /** The agent was loaded before; this attach changed nothing (text: its version). */
    public static final String ALREADY_LOADED = "already-loaded";
    /** The agent refused to load, the program runs on (text: why). */
    public static final String REFUSED = "refused";
    /** The report was written (text: its path). */
    public static final String WRITTEN = "written";
    /** No report was written (text: why). */
    public static final String NOT_WRITTEN = "not-written";

    private AttachProtocol() {
    }

    /** The agent argument that asks for a reply in {@code replyFile}, then says {@code request}. */
    public static String withReply(String replyFile, String request) {
        return REPLY + replyFile.length() + ":" + replyFile + request;
    }

    /** The reply file of an agent argument, or null if it asks for none. */
    public static String replyFile(String argument) {
        int colon = argument == null || !argument.startsWith(REPLY) ? -1 : argument.indexOf(':', REPLY.length());
        if (colon < 0) {
            return null;
        }
        try {
            int length = Integer.parseInt(argument.substring(REPLY.length(), colon));
            return length >= 0 && colon + 1 + length <= argument.length() ? argument.substring(colon + 1, colon + 1 + length) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The agent argument without its reply file: the options, or a request. */
    public static String request(String argument) {
        String reply = replyFile(argument);
        return reply == null ? argument : argument.substring(argument.indexOf(':', REPLY.length()) + 1 + reply.length());
    }
}
