package dev.unclosed.cli;

/** The command line is wrong; the message is one line, and the user is pointed at --help. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
