package dev.unclosed.cli;

import java.nio.file.Path;

/** An input that cannot be used or an output that cannot be written; the message is one line naming the file. */
class InputException extends Exception {

    InputException(String message) {
        super(message);
    }

    InputException(Path file, String problem) {
        this(file + ": " + problem);
    }
}
