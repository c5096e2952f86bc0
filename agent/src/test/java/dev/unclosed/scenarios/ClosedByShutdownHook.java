package dev.unclosed.scenarios;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A file that the application's own shutdown hook closes, taking its time (300 ms) first: closed, nothing to
 * report. With an argument, main ends with {@code System.exit} of that code.
 */
public class ClosedByShutdownHook {
    static FileOutputStream log;

    public static void main(String[] args) throws Exception {
        log = new FileOutputStream("app.log");
        log.write('x');
        Runtime.getRuntime().addShutdownHook(new Thread(ClosedByShutdownHook::closeLate));
        if (args.length > 0) {
            System.exit(Integer.parseInt(args[0]));
        }
    }

    private static void closeLate() {
        try {
            Thread.sleep(300);
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
