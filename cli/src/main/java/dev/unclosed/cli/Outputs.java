package dev.unclosed.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Writes one output file and says so; a failure becomes one line naming the file. */
final class Outputs {

    @FunctionalInterface
    interface Writer {
        void write(Path file) throws IOException;
    }

    private Outputs() {
    }

    static void write(Path file, String what, PrintStream out, Writer writer) throws InputException {
        try {
            writer.write(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot write " + what + ": " + e);
        }
        out.println("Wrote " + what + " to " + file);
    }
}
