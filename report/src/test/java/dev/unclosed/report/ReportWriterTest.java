package dev.unclosed.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTest {

    private static final java.util.List<LeakTest> TESTS = java.util.List.of(
            new LeakTest("[engine:junit-jupiter]/[class:a.FooTest]/[method:reads()]", "reads()", "a.FooTest", "reads", 1),
            new LeakTest("[engine:junit-jupiter]/[class:a.FooTest]", "FooTest", "a.FooTest", null, 1));

    @Test
    void writesExactlyWhatDataBindingWouldWrite() throws Exception {
        LeakReport report = SampleReports.report(SampleReports.leak("a1b2c3d4e5f60718", "gc", 3, "2025-03-01T10:00:01Z"),
                new Leak("0718a1b2c3d4e5f6", "java.net.Socket", "exit", 1, null, java.util.List.of(), java.util.List.of(),
                        "worker-1", "2025-03-01T10:00:02Z"),
                SampleReports.leak("18a1b2c3d4e5f607", "gc", 2, "2025-03-01T10:00:03Z").withTests(TESTS));

        assertThat(ReportWriter.toJson(report)).isEqualTo(ReportFiles.mapper().writeValueAsString(report));
    }

    @Test
    void whatItWritesReadsBackAsTheSameReport(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException, InvalidReportException {
        LeakReport report = SampleReports.report(SampleReports.leak("a1b2c3d4e5f60718", "gc", 3, "2025-03-01T10:00:01Z")
                .withTests(TESTS));
        Path file = dir.resolve("report.json");

        ReportWriter.write(report, file);

        assertThat(ReportFiles.read(file)).isEqualTo(report);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void untrackedObjectsAndTheKindsOfAgentErrorsAreWrittenWhenThereAreAny() throws Exception {
        LeakReport plain = SampleReports.report();
        LeakReport report = new LeakReport(plain.schemaVersion(), plain.tool(), plain.jvm(), plain.startedAt(),
                plain.finishedAt(), plain.options(), new LeakReport.Summary(10, 4, 0, 6, 3, 1, 42L,
                java.util.List.of(new LeakReport.AgentErrorKind("tracker", 3, "java.lang.IllegalStateException: boom"))),
                plain.leaks());

        String json = ReportWriter.toJson(report);

        assertThat(json).isEqualTo(ReportFiles.mapper().writeValueAsString(report))
                .contains("\"untracked\" : 42").contains("\"firstMessage\" : \"java.lang.IllegalStateException: boom\"");
        assertThat(ReportWriter.toJson(plain)).doesNotContain("untracked").doesNotContain("agentErrorKinds");
    }
}
