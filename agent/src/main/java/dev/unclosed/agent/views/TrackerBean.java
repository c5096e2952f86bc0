package dev.unclosed.agent.views;

import dev.unclosed.agent.reporting.Findings;
import dev.unclosed.agent.tracking.LeakTracker;
import dev.unclosed.report.Leak;

import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import javax.management.ObjectName;

/** {@link TrackerMXBean}: reads the tracker and the findings when asked, never on their own paths. */
final class TrackerBean implements TrackerMXBean {

    static final String NAME = "dev.unclosed:type=Tracker";
    static final int TOP_SITES = 10;

    private final LeakTracker tracker;
    private final Findings findings;
    /** Writes a report to a path now; returns null once written, or why not (AgentRuntime.writeReportNow). */
    private final UnaryOperator<String> reportNow;

    TrackerBean(LeakTracker tracker, Findings findings, UnaryOperator<String> reportNow) {
        this.tracker = tracker;
        this.findings = findings;
        this.reportNow = reportNow;
    }

    /** Registers it with the platform MBean server, which this starts if nothing has yet. */
    void register() throws Exception {
        ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName(NAME));
    }

    @Override
    public long getTracked() {
        return tracker.tracked();
    }

    @Override
    public long getClosed() {
        return tracker.closed();
    }

    @Override
    public long getOpen() {
        return tracker.open();
    }

    @Override
    public long getLeaked() {
        return findings.leaked();
    }

    @Override
    public Map<String, Long> getOpenByType() {
        Findings open = findings.fresh();
        boolean wasInside = tracker.enterAgentCode(); // what decoding the stacks opens is the agent's own
        try {
            tracker.reportOpenNow(open);
        } finally {
            tracker.leaveAgentCode(wasInside);
        }
        return byType(open.leaks(), Leak.KIND_OPEN);
    }

    @Override
    public Map<String, Long> getLeakedByType() {
        return byType(findings.leaks(), Leak.KIND_GC);
    }

    @Override
    public String[] getTopSites() {
        List<Leak> leaks = findings.leaks(); // most instances first
        List<String> lines = new ArrayList<>();
        for (Leak leak : leaks.subList(0, Math.min(TOP_SITES, leaks.size()))) {
            lines.add(leak.type() + " x" + leak.count() + " (" + leak.kind() + ") at "
                    + (leak.site() == null ? "unknown site" : leak.site().toString()));
        }
        return lines.toArray(new String[0]);
    }

    @Override
    public String writeReport(String path) {
        if (path == null || path.isBlank()) {
            return "no path given";
        }
        String absolute = Paths.get(path).toAbsolutePath().toString();
        String problem = reportNow.apply(absolute);
        return problem == null ? absolute : "not written: " + problem;
    }

    private static Map<String, Long> byType(List<Leak> leaks, String kind) {
        Map<String, Long> byType = new TreeMap<>();
        for (Leak leak : leaks) {
            if (kind.equals(leak.kind())) {
                byType.merge(leak.type(), leak.count(), Long::sum);
            }
        }
        return byType;
    }
}
