package dev.unclosed.report;

import java.nio.file.Path;

/** A report that cannot be used: missing, empty, truncated, not JSON, of the wrong shape or an unknown version. */
public final class InvalidReportException extends Exception {

    private final transient Path file;

    public InvalidReportException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
