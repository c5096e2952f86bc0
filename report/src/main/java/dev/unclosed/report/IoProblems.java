package dev.unclosed.report;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * An I/O failure in the words of a message for people: {@code permission denied}, not
 * {@code java.nio.file.AccessDeniedException: /tmp/r.json}. The file is named by the caller already.
 */
public final class IoProblems {

    private IoProblems() {
    }

    public static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (cause instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (cause instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (cause instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (cause instanceof FileSystemException f) {
            // getReason() is the operating system's own words ("Is a directory"); the message would repeat the path.
            return f.getReason() == null ? "input/output error" : lowerFirst(f.getReason());
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? "input/output error" : lowerFirst(message.lines().findFirst().orElse(""));
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
