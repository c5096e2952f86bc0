package dev.unclosed.scenarios;

import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A java.util.logging file handler left to the JDK to close: LogManager closes every logger's handlers in a
 * shutdown hook of its own. Its formatter takes 300 ms to write the log's tail, so that hook finishes late.
 * Closed, nothing to report.
 */
public class LogFileClosedByLogManager {
    static final Logger LOGGER = Logger.getLogger("scenario");

    public static void main(String[] args) throws Exception {
        FileHandler handler = new FileHandler("app.log");
        handler.setFormatter(new SlowTail());
        LOGGER.addHandler(handler);
        LOGGER.info("started");
    }

    static final class SlowTail extends SimpleFormatter {
        @Override
        public String getTail(Handler h) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "";
        }
    }
}
