package dev.unclosed.cli;

import dev.unclosed.cli.LeakCheck.Finding;
import dev.unclosed.cli.LeakCheck.Result;
import dev.unclosed.cli.LeakCheck.Status;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The summary that {@code check} prints. It must stand on its own: under Maven Surefire the agent's own
 * shutdown message goes to a forked JVM's stderr and is lost, so this is what users read in a CI log.
 * Findings are grouped by allocation site, sites with failing findings first.
 */
final class ConsoleSummary {

    private final PrintStream out;

    ConsoleSummary(PrintStream out) {
        this.out = out;
    }

    void print(Result result, int reportCount, boolean quiet) {
        LeakReport report = result.report();
        out.println("unclosed check: " + LeakText.plural(reportCount, "report") + ", "
                + LeakText.plural(report.leaks().size(), "finding") + ", "
                + LeakText.plural(instances(report), "instance") + " (" + report.summary().tracked() + " tracked, "
                + report.summary().closed() + " closed)");
        for (Map.Entry<Frame, List<Finding>> site : bySite(result.findings()).entrySet()) {
            List<Finding> shown = quiet ? site.getValue().stream().filter(f -> f.status() == Status.FAIL).toList() : site.getValue();
            if (!shown.isEmpty()) {
                printSite(site.getKey(), shown, result.options());
            }
        }
        if (!result.fixed().isEmpty()) {
            out.println();
            int n = result.fixed().size();
            out.println("Fixed: " + n + (n == 1 ? " baseline entry" : " baseline entries")
                    + " no longer seen (remove them from the baseline):");
            for (Baseline.Entry fixed : result.fixed()) {
                out.println("  " + fixed.id() + "  " + fixed.describe());
            }
        }
        printNotes(report.summary());
        out.println();
        out.println(totals(result));
        out.println(verdict(result));
    }

    private void printSite(Frame site, List<Finding> findings, LeakCheck.Options options) {
        out.println();
        out.println(site == null ? "unknown site (stacks off)" : site.location() + "  " + LeakText.method(site));
        for (Finding finding : findings) {
            Leak leak = finding.leak();
            out.printf("  %-8s %s  [id %s]%s%n", finding.status().label, LeakText.headline(leak), leak.id(),
                    reason(finding, options));
            if (leak.api() != null) {
                out.println("           " + LeakText.api(leak));
            }
            if (!leak.owns().isEmpty()) {
                out.println("           owns " + String.join(" > ", leak.owns()));
            }
            for (String line : LeakText.owned(leak)) {
                out.println("           " + line);
            }
            for (String line : LeakText.stack(leak)) {
                out.println("           " + line);
            }
            String tests = LeakText.tests(leak);
            if (tests != null) {
                out.println("           " + tests);
            }
            String paths = LeakText.paths(leak);
            if (paths != null) {
                out.println("           " + paths);
            }
        }
    }

    private static String reason(Finding finding, LeakCheck.Options options) {
        return switch (finding.status()) {
            case FAIL -> "";
            case TOLERATED -> "  (tolerated by --max " + options.max() + ")";
            case BASELINED -> "  (in the baseline)";
            case NOT_CHECKED -> "  (does not fail: --fail-on " + options.failOn() + ")";
        };
    }

    private void printNotes(LeakReport.Summary summary) {
        if (summary.agentErrors() > 0) {
            out.println();
            out.println("Note: the agent hit " + LeakText.plural(summary.agentErrors(), "internal error")
                    + "; findings may be incomplete. Please report it with the agent's log.");
            for (LeakReport.AgentErrorKind kind : summary.agentErrorKinds()) {
                out.println("  " + kind.kind() + " x" + kind.count()
                        + (kind.firstMessage() == null ? "" : ", first: " + kind.firstMessage()));
            }
        }
        if (summary.untracked() != null && summary.untracked() > 0) {
            out.println();
            out.println("Note: " + LeakText.plural(summary.untracked(), "object")
                    + " were not tracked, beyond the agent's maxTracked cap; their leaks are not in these findings"
                    + " (docs/options.md, maxTracked).");
        }
        if (summary.sampleRate() > 1) {
            out.println();
            out.println("Note: the agent tracked one instance in " + summary.sampleRate()
                    + "; counts are of that sample, and rarer leaks may be missed.");
        }
    }

    static String totals(Result result) {
        StringBuilder line = new StringBuilder("Totals: ")
                .append(LeakText.plural(result.findings().size(), "finding")).append(": ")
                .append(result.count(Status.FAIL) + result.count(Status.TOLERATED)).append(" failing");
        if (result.count(Status.TOLERATED) > 0) {
            line.append(" (tolerated by --max ").append(result.options().max()).append(")");
        }
        if (result.options().baseline() != null) {
            line.append(", ").append(result.count(Status.BASELINED)).append(" baselined, ")
                    .append(result.fixed().size()).append(" fixed");
        }
        line.append(", ").append(result.count(Status.NOT_CHECKED)).append(" shown, not failing (--fail-on ")
                .append(result.options().failOn()).append(")");
        return line.append('.').toString();
    }

    static String verdict(Result result) {
        String policy = "--fail-on " + result.options().failOn() + ", --max " + result.options().max();
        if (result.failed()) {
            return "FAILED: " + LeakText.plural(result.failing(), "failing finding") + " (" + policy + ").";
        }
        return "PASSED: " + (result.failing() == 0 ? "no failing finding" : LeakText.plural(result.failing(), "failing finding") + " tolerated")
                + " (" + policy + ").";
    }

    /** By file, then line as a number ({@code Main.java:43} before {@code Main.java:108}), then method; unknown last. */
    static final Comparator<Frame> SITE_ORDER = Comparator.nullsLast(Comparator
            .comparing((Frame f) -> Objects.toString(f.fileName(), "~" + f.className()))
            .thenComparingInt(Frame::lineNumber)
            .thenComparing(Frame::className)
            .thenComparing(Frame::methodName));

    /** Sites in order: those with failing findings first, then by file and line. */
    private static Map<Frame, List<Finding>> bySite(List<Finding> findings) {
        Map<Frame, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding finding : findings) {
            groups.computeIfAbsent(finding.leak().site(), k -> new ArrayList<>()).add(finding);
        }
        Comparator<Finding> findingOrder = Comparator.comparing(Finding::status)
                .thenComparing(f -> f.leak().kind())
                .thenComparing(f -> -f.leak().count());
        groups.values().forEach(list -> list.sort(findingOrder));
        Comparator<Map.Entry<Frame, List<Finding>>> siteOrder = Comparator
                .comparing((Map.Entry<Frame, List<Finding>> e) -> e.getValue().get(0).status())
                .thenComparing(Map.Entry::getKey, SITE_ORDER);
        Map<Frame, List<Finding>> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(siteOrder).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static long instances(LeakReport report) {
        return report.leaks().stream().mapToLong(Leak::count).sum();
    }
}
