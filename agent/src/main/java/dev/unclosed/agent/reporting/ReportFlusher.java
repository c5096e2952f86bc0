package dev.unclosed.agent.reporting;

import dev.unclosed.agent.tracking.LeakTracker;
import dev.unclosed.report.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Rewrites the report every {@code flushInterval} while the program runs ({@link ExitReport#writeWhileRunning}),
 * each time atomically: a JVM killed with {@code SIGKILL}, or stopped with {@code Runtime.halt}, runs no shutdown
 * hook, and then the last complete rewrite is its report. A daemon thread, so that it never keeps a JVM alive.
 */
public final class ReportFlusher extends Thread {

    private final ExitReport report;
    private final LeakTracker tracker;
    private final long intervalMillis;
    private final PrintStream err;

    public ReportFlusher(ExitReport report, LeakTracker tracker, long intervalMillis, PrintStream err) {
        super("unclosed-report-flush");
        this.report = report;
        this.tracker = tracker;
        this.intervalMillis = intervalMillis;
        this.err = err;
        setDaemon(true);
    }

    @Override
    public void run() {
        tracker.markAgentThread(); // what writing the report opens is the agent's own
        boolean failedBefore = false;
        while (true) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            Path path = report.path();
            try {
                if (!report.writeWhileRunning(path)) {
                    return; // the exit report has begun, and has the last word
                }
                failedBefore = false;
            } catch (IOException e) {
                if (!failedBefore) { // said once, not at every interval; said again should it fail again after success
                    err.println("unclosed: could not rewrite the leak report " + path + ": " + AtomicFiles.reason(e)
                            + "; trying again every interval");
                }
                failedBefore = true;
            } catch (Throwable t) {
                // Never let the agent's own failure reach the program; the exit report will still be tried.
                if (!failedBefore) {
                    err.println("unclosed: could not rewrite the leak report " + path + ": " + t);
                }
                failedBefore = true;
            }
        }
    }
}
