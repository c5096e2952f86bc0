package dev.unclosed.cli;

import java.nio.file.Path;

/** An output file that cannot be written: one line naming it, what is wrong and what to do; exit code 4. */
final class OutputException extends InputException {

    /** {@code problem} follows the file's name: "is a directory; name a file instead". */
    OutputException(String what, Path file, String problem) {
        super("cannot write the " + what + ": " + file + " " + problem);
    }
}
