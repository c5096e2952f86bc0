package dev.unclosed.scenarios;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A file that the application's shutdown hook opens, after 300 ms, and leaves open: still open at exit. With an
 * argument, main ends with {@code System.exit} of that code.
 */
public class OpenedInShutdownHook {
    static FileOutputStream late;

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(OpenedInShutdownHook::openLate));
        if (args.length > 0) {
            System.exit(Integer.parseInt(args[0]));
        }
    }

    private static void openLate() {
        try {
            Thread.sleep(300);
            late = new FileOutputStream("late.log"); // @leak late
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
