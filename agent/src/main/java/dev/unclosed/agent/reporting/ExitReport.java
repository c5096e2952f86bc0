package dev.unclosed.agent.reporting;

import dev.unclosed.agent.ProcessId;
import dev.unclosed.agent.AgentOptions;
import dev.unclosed.agent.ClassFiles;
import dev.unclosed.agent.tracking.AgentErrors;
import dev.unclosed.agent.tracking.LeakTracker;
import dev.unclosed.report.AtomicFiles;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What happens at JVM shutdown: the bounded final sweep, then the JSON report, then a short summary on stderr.
 * The report file must be complete on its own: under Maven Surefire, what a forked JVM prints here is lost.
 *
 * <p>Everything here runs in the last moments of every JVM the agent watches, and every class it loads first
 * then (through the agent's own transformer, verified if it comes from the agent jar) adds to that JVM's run time.
 * Hence no lambdas or streams on this path (each lambda's first use spins a class, and method references may spin
 * method handles), no {@code Instant.toString} (see {@link Timestamps}) and no {@code Files.createTempFile}.
 */
public final class ExitReport {

    private static final int SUMMARY_SITES = 5;

    private final AgentOptions options;
    private final LeakTracker tracker;
    private final Findings findings;
    private final String version;
    private final Instant startedAt;
    /**
     * Held while a report is written, so that a report written while the program runs (on demand or by a periodic
     * flush) never lands over the exit report: once exit begins, it is the last word.
     */
    private final Object writing = new Object();
    private boolean exited;

    public ExitReport(AgentOptions options, LeakTracker tracker, Findings findings, String version, Instant startedAt) {
        this.options = options;
        this.tracker = tracker;
        this.findings = findings;
        this.version = version;
        this.startedAt = startedAt;
    }

    /**
     * Runs at exit, once the application's shutdown hooks are done. Never throws; failures are printed, since
     * nothing else would show them.
     */
    public void run(PrintStream err) {
        Path path = path();
        synchronized (writing) {
            exited = true;
            try {
                // The jars the agent keeps for reading class files first: its copy may be the last holder of a jar
                // file the application opened and closed since, whose release must count before the judgment.
                ClassFiles.closeAll();
                tracker.finalSweep(options.finalSweepMillis());
                tracker.reportOpenAtExit();
                LeakReport report = build();
                ReportWriter.write(report, path);
                if (!options.quiet()) {
                    printSummary(report, path, err);
                }
            } catch (IOException e) {
                err.println("unclosed: could not write the leak report to " + path + ": " + AtomicFiles.reason(e));
            } catch (Throwable t) {
                err.println("unclosed: could not write the leak report to " + path + ": " + t);
            }
            // Even when quiet: a pattern that matched nothing is a mistake in the setup that hides findings silently.
            for (String warning : options.unmatchedPatterns()) {
                err.println(warning);
            }
        }
    }

    /**
     * Runs the exit report's code once, early, writing nowhere: the report built from what is known now, turned
     * into JSON in memory, its summary into text. The classes that needs then load, link and first run here, on a
     * thread of the agent's own while the program runs, instead of in the JVM's last moments, where the exit
     * waits for them with the other processor idle. Does nothing once the exit report has begun; never throws.
     */
    public void rehearse() {
        synchronized (writing) {
            if (exited) {
                return;
            }
            try {
                LeakReport report = build();
                ReportWriter.toJson(report);
                summaryText(report, path());
            } catch (Throwable t) {
                // Only a rehearsal: the exit report meets the same failure, and says so.
            }
        }
    }

    /** Where the report goes, this process's id expanded. */
    public Path path() {
        return Paths.get(options.reportPath(ProcessId.current())).toAbsolutePath();
    }

    /**
     * Writes a complete report while the program runs: the leaks found so far, and what is open now as kind
     * {@code open}, judging nothing. Does nothing, and returns false, once the exit report has begun.
     */
    public boolean writeWhileRunning(Path file) throws IOException {
        synchronized (writing) {
            if (exited) {
                return false;
            }
            ReportWriter.write(buildWhileRunning(), file);
            return true;
        }
    }

    LeakReport buildWhileRunning() {
        Findings open = findings.fresh();
        tracker.reportOpenNow(open);
        List<Leak> leaks = new ArrayList<>(findings.leaks());
        leaks.addAll(open.leaks());
        return build(leaks, 0);
    }

    LeakReport build() {
        return build(findings.leaks(), findings.openAtExit());
    }

    private LeakReport build(List<Leak> leaks, long openAtExit) {
        long pid = ProcessId.current();
        return new LeakReport(
                LeakReport.SCHEMA_VERSION,
                new LeakReport.Tool("unclosed", version),
                new LeakReport.Jvm(System.getProperty("java.version"), System.getProperty("java.vendor"), pid),
                Timestamps.iso(startedAt),
                Timestamps.iso(Instant.now()),
                options.asMap(),
                new LeakReport.Summary(tracker.tracked(), tracker.closed(), findings.leaked(), openAtExit,
                        tracker.errors(), options.sample(), tracker.untracked(), errorKinds()),
                leaks);
    }

    /** The tracker's and the instrumentation's failures (both record into the tracker's), by kind. */
    private List<LeakReport.AgentErrorKind> errorKinds() {
        List<LeakReport.AgentErrorKind> kinds = new ArrayList<>();
        for (AgentErrors.Kind kind : tracker.agentErrors().kinds()) {
            kinds.add(new LeakReport.AgentErrorKind(kind.name(), kind.count(), kind.firstMessage()));
        }
        return kinds;
    }

    static void printSummary(LeakReport report, Path path, PrintStream err) {
        err.print(summaryText(report, path));
        err.flush();
    }

    private static String summaryText(LeakReport report, Path path) {
        List<Leak> leaks = report.leaks();
        LeakReport.Summary summary = report.summary();
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        if (leaks.isEmpty()) {
            // One line, so that a clean run is seen to have been watched (and where its report went).
            text.append("unclosed: no leaks (").append(summary.tracked()).append(" tracked, ").append(summary.closed())
                    .append(" closed); report: ").append(path).append(nl);
        } else {
            long gc = 0;
            long exit = 0;
            for (Leak leak : leaks) {
                if (Leak.KIND_GC.equals(leak.kind())) {
                    gc += leak.count();
                } else if (Leak.KIND_EXIT.equals(leak.kind())) {
                    exit += leak.count();
                }
            }
            text.append("unclosed: ").append(gc).append(gc == 1 ? " leak" : " leaks").append(" collected without close(), ")
                    .append(exit).append(" still open at exit, at ").append(leaks.size()).append(leaks.size() == 1 ? " site" : " sites")
                    .append(nl);
            List<Leak> top = new ArrayList<>(leaks);
            top.sort(MOST_INSTANCES_THEN_SITE);
            for (Leak leak : top.subList(0, Math.min(SUMMARY_SITES, top.size()))) {
                text.append("  ").append(leak.type()).append(" x").append(leak.count()).append(" (").append(leak.kind())
                        .append(") at ").append(leak.site() == null ? "unknown site" : leak.site());
                if (leak.api() != null) {
                    text.append(", from ").append(leak.api().describe());
                }
                text.append(nl);
            }
            if (leaks.size() > SUMMARY_SITES) {
                text.append("  ... and ").append(leaks.size() - SUMMARY_SITES).append(" more sites").append(nl);
            }
        }
        if (summary.sampleRate() > 1) {
            text.append("  sample=").append(summary.sampleRate()).append(": one instance in ").append(summary.sampleRate())
                    .append(" was tracked; counts are of that sample").append(nl);
        }
        if (summary.agentErrors() > 0) {
            text.append("  ").append(summary.agentErrors()).append(" errors inside the agent were swallowed").append(nl);
        }
        if (!leaks.isEmpty()) {
            text.append("  report: ").append(path).append(nl);
        }
        return text.toString();
    }

    /**
     * Most instances first, then by site (file, then line as a number), so that equal counts read in source order.
     * Written out, not composed from lambdas: this runs at exit (see the class comment).
     */
    static final Comparator<Leak> MOST_INSTANCES_THEN_SITE = new Comparator<>() {
        @Override
        public int compare(Leak a, Leak b) {
            int byCount = Long.compare(b.count(), a.count());
            if (byCount != 0) {
                return byCount;
            }
            Frame x = a.site();
            Frame y = b.site();
            if (x == null || y == null) {
                return x == y ? a.id().compareTo(b.id()) : x == null ? 1 : -1;
            }
            int byFile = String.valueOf(x.fileName()).compareTo(String.valueOf(y.fileName()));
            if (byFile != 0) {
                return byFile;
            }
            int byLine = Integer.compare(x.lineNumber(), y.lineNumber());
            return byLine != 0 ? byLine : a.id().compareTo(b.id());
        }
    };
}
