package dev.unclosed.cli;

import dev.unclosed.report.AtomicFiles;

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

    /**
     * Writes {@code file}; one that cannot be written is said in words (not as a Java exception, nor by the name of
     * the temporary file beside it), and checked first, so that nothing is half done.
     */
    static void write(Path file, String what, PrintStream out, Writer writer) throws OutputException {
        String problem = AtomicFiles.problemWriting(file);
        if (problem != null) {
            throw new OutputException(what, file, problem);
        }
        try {
            writer.write(file);
        } catch (IOException e) {
            throw new OutputException(what, file, "cannot be written: " + AtomicFiles.reason(e));
        }
        out.println("Wrote " + what + " to " + file);
    }
}
