package dev.unclosed.agent.reporting;

import dev.unclosed.agent.AgentOptions;
import dev.unclosed.agent.tracking.LeakTracker;
import dev.unclosed.agent.tracking.ResourceRules;
import dev.unclosed.agent.tracking.StackInterner;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

    private static Leak leakAt(String id, long count, int line) {
        Frame site = new Frame("com.acme.Store", "load", "Store.java", line);
        return new Leak(id, "java.io.FileInputStream", Leak.KIND_GC, count, site, List.of(site), List.of(), "main",
                "2025-03-01T10:00:01Z");
    }

    private static String summary(LeakReport.Summary summary, Leak... leaks) {
        LeakReport report = new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", "dev"),
                new LeakReport.Jvm("17", "x", 1), "2025-03-01T10:00:00Z", "2025-03-01T10:00:01Z", Map.of(), summary,
                List.of(leaks));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ExitReport.printSummary(report, Path.of("r.json"), new PrintStream(text, true, StandardCharsets.UTF_8));
        return text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutLeaksTheSummaryIsOneLineWithTheCountsAndTheReport() {
        assertThat(summary(new LeakReport.Summary(12, 12, 0, 0, 0, 1)))
                .isEqualTo("unclosed: no leaks (12 tracked, 12 closed); report: r.json" + System.lineSeparator());
    }

    @Test
    void theTopSitesAreOrderedByCountThenByLineAsANumber() {
        String text = summary(new LeakReport.Summary(10, 4, 4, 0, 0, 1),
                leakAt("a", 1, 108), leakAt("b", 1, 43), leakAt("c", 2, 200));

        assertThat(text.indexOf("Store.java:200")).isLessThan(text.indexOf("Store.java:43"));
        assertThat(text.indexOf("Store.java:43")).isLessThan(text.indexOf("Store.java:108"));
    }

    @Test
    void theSummarySaysWhenOnlyASampleWasTracked() {
        assertThat(summary(new LeakReport.Summary(10, 4, 1, 0, 0, 10), leakAt("a", 1, 3)))
                .contains("  sample=10: one instance in 10 was tracked; counts are of that sample");
    }

    private static ExitReport exitReport(Path report) {
        AgentOptions options = AgentOptions.parse("quiet,finalSweep=0,report=" + report, new Properties());
        Findings findings = new Findings(options, name -> ClassLoader.getSystemClassLoader(), name -> false);
        LeakTracker tracker = new LeakTracker(new ResourceRules(name -> false), findings, false, true, 1,
                StackInterner.create(), null);
        return new ExitReport(options, tracker, findings, "dev", Instant.now());
    }

    @Test
    void aRehearsalWritesNothingAndTheExitReportIsWrittenAfterIt(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        ExitReport exitReport = exitReport(report);

        exitReport.rehearse();

        assertThat(dir).isEmptyDirectory();
        exitReport.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(Files.readString(report)).contains("\"leaks\" : [ ]");
    }

    @Test
    void aRehearsalOnceTheExitReportWasWrittenLeavesItAsItIs(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        ExitReport exitReport = exitReport(report);
        exitReport.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        byte[] written = Files.readAllBytes(report);

        exitReport.rehearse();

        assertThat(report).hasBinaryContent(written);
        assertThat(dir).isDirectoryContaining(path -> path.equals(report)).isDirectoryNotContaining(path -> !path.equals(report));
    }
}
