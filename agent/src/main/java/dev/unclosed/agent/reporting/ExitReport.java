package dev.unclosed.agent.reporting;

import dev.unclosed.agent.AgentOptions;
import dev.unclosed.agent.ClassFiles;
import dev.unclosed.agent.tracking.AgentErrors;
import dev.unclosed.agent.tracking.LeakTracker;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportWriter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.ArrayList;

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
        Path path = Paths.get(options.reportPath(ProcessHandle.current().pid())).toAbsolutePath();
        try {
            // The jars the agent keeps for reading class files first: its copy may be the last holder of a jar file
            // the application opened and closed since, whose release must count before the judgment.
            ClassFiles.closeAll();
            tracker.finalSweep(options.finalSweepMillis());
            tracker.reportOpenAtExit();
            LeakReport report = build();
            ReportWriter.write(report, path);
            if (!options.quiet()) {
                printSummary(report, path, err);
            }
        } catch (Throwable t) {
            err.println("unclosed: could not write the leak report to " + path + ": " + t);
        }
    }

    LeakReport build() {
        long pid = ProcessHandle.current().pid();
        return new LeakReport(
                LeakReport.SCHEMA_VERSION,
                new LeakReport.Tool("unclosed", version),
                new LeakReport.Jvm(System.getProperty("java.version"), System.getProperty("java.vendor"), pid),
                Timestamps.iso(startedAt),
                Timestamps.iso(Instant.now()),
                options.asMap(),
                new LeakReport.Summary(tracker.tracked(), tracker.closed(), findings.leaked(), findings.openAtExit(),
                        tracker.errors(), options.sample(), tracker.untracked(), errorKinds()),
                findings.leaks());
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
        List<Leak> leaks = report.leaks();
        if (leaks.isEmpty() && report.summary().agentErrors() == 0) {
            return;
        }
        long gc = 0;
        long exit = 0;
        for (Leak leak : leaks) {
            if (Leak.KIND_GC.equals(leak.kind())) {
                gc += leak.count();
            } else if (Leak.KIND_EXIT.equals(leak.kind())) {
                exit += leak.count();
            }
        }
        StringBuilder text = new StringBuilder();
        text.append("unclosed: ").append(gc).append(gc == 1 ? " leak" : " leaks").append(" collected without close(), ")
                .append(exit).append(" still open at exit, at ").append(leaks.size()).append(leaks.size() == 1 ? " site" : " sites")
                .append(System.lineSeparator());
        for (Leak leak : leaks.subList(0, Math.min(SUMMARY_SITES, leaks.size()))) {
            text.append("  ").append(leak.type()).append(" x").append(leak.count()).append(" (").append(leak.kind())
                    .append(") at ").append(leak.site() == null ? "unknown site" : leak.site()).append(System.lineSeparator());
        }
        if (leaks.size() > SUMMARY_SITES) {
            text.append("  ... and ").append(leaks.size() - SUMMARY_SITES).append(" more sites").append(System.lineSeparator());
        }
        if (report.summary().agentErrors() > 0) {
            text.append("  ").append(report.summary().agentErrors()).append(" errors inside the agent were swallowed")
                    .append(System.lineSeparator());
        }
        text.append("  report: ").append(path).append(System.lineSeparator());
        err.print(text);
        err.flush();
    }
}
