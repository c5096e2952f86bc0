package dev.unclosed.report;

import java.util.List;
import java.util.Map;

/** Reports as the agent writes them, for tests. */
final class SampleReports {

    private SampleReports() {
    }

    static Frame frame(String className, String method, String file, int line) {
        return new Frame(className, method, file, line);
    }

    static Leak leak(String id, String kind, long count, String firstSeen) {
        Frame site = frame("com.acme.orders.InvoiceStore", "load", "InvoiceStore.java", 42);
        return new Leak(id, "java.io.FileInputStream", kind, count, site,
                List.of(site, frame("com.acme.orders.InvoiceService", "invoice", "InvoiceService.java", 17)),
                List.of("java.io.FileDescriptor"), "main", firstSeen);
    }

    static LeakReport report(long pid, String startedAt, String finishedAt, LeakReport.Summary summary, Leak... leaks) {
        return new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", "0.1.0"),
                new LeakReport.Jvm("17.0.15", "Debian", pid), startedAt, finishedAt,
                Map.of("report", "target/unclosed/{pid}.json", "stackDepth", "16"), summary, List.of(leaks));
    }

    static LeakReport report(Leak... leaks) {
        return report(4242, "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z",
                new LeakReport.Summary(120, 119, 1, 0, 0, 1), leaks);
    }
}
