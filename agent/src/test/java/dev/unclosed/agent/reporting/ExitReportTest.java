package dev.unclosed.agent.reporting;

import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ExitReportTest {

    private static Leak leak(String id, String kind, long count) {
        Frame site = new Frame("com.acme.Store", "load", "Store.java", 42);
        return new Leak(id, "java.io.FileInputStream", kind, count, site, List.of(site), List.of(), "main",
                "2025-03-01T10:00:01Z");
    }

    @Test
    void findingsAreOrderedMostInstancesFirstThenById() {
        SplittableRandom random = new SplittableRandom(7);
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            leaks.add(leak(Long.toHexString(random.nextLong(1 << 12)), Leak.KIND_GC, random.nextLong(1, 6)));
        }
        List<Leak> expected = new ArrayList<>(leaks);
        expected.sort(Comparator.comparingLong(Leak::count).reversed().thenComparing(Leak::id));

        leaks.sort(Findings.MOST_INSTANCES_FIRST);

        assertThat(leaks).containsExactlyElementsOf(expected);
    }

    @Test
    void theSummaryCountsInstancesOfEachKind() {
        List<Leak> leaks = List.of(leak("a", Leak.KIND_GC, 3), leak("b", Leak.KIND_EXIT, 2), leak("c", Leak.KIND_GC, 1));
        LeakReport report = new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", "dev"),
                new LeakReport.Jvm("17", "x", 1), "2025-03-01T10:00:00Z", "2025-03-01T10:00:01Z", Map.of(),
                new LeakReport.Summary(10, 4, 4, 2, 0, 1), leaks);
        ByteArrayOutputStream text = new ByteArrayOutputStream();

        ExitReport.printSummary(report, Path.of("r.json"), new PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(text.toString(StandardCharsets.UTF_8))
                .startsWith("unclosed: 4 leaks collected without close(), 2 still open at exit, at 3 sites");
    }
}
