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
    void escapesAndLaysOutEveryPartAsDataBindingWould() throws Exception {
        String awkward = "a \"quoted\" \\ back\tslash\n\r\b\f\u0001\u001f é € \uD83D\uDE00 </script>";
        Frame site = SampleReports.frame("p.Odd$Inner", awkward, "Odd.java", 7);
        OwnedObject owned = new OwnedObject("java.io.FileDescriptor", site, java.util.List.of(site, site));
        Leak leak = new Leak("0123456789abcdef", "p.Odd", "gc", 2, site, java.util.List.of(site), java.util.List.of(awkward),
                awkward, "2025-03-01T10:00:01Z",
                java.util.List.of(new LeakPath(1, true, java.util.List.of(site), java.util.List.of(owned)),
                        new LeakPath(1, false, java.util.List.of(), java.util.List.of())),
                java.util.List.of(owned, new OwnedObject("x.Y", null, java.util.List.of())), TESTS,
                new LeakApi("Files.newInputStream(" + awkward + ")", "java.io.InputStream"));
        Leak noSite = new Leak("fedcba9876543210", "java.net.Socket", "exit", 1, null, java.util.List.of(),
                java.util.List.of(), "t", "2025-03-01T10:00:02Z");
        LeakReport report = new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", awkward),
                new LeakReport.Jvm("25", awkward, Long.MAX_VALUE), "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z",
                new java.util.LinkedHashMap<>(java.util.Map.of(awkward, awkward)),
                new LeakReport.Summary(Long.MAX_VALUE, 0, 3, 1, 0, 1000000), java.util.List.of(leak, noSite));
        LeakReport empty = new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", "1"),
                new LeakReport.Jvm("17", "v", 1), "s", "f", java.util.Map.of(), new LeakReport.Summary(0, 0, 0, 0, 0, 1),
                java.util.List.of());

        assertThat(ReportWriter.toJson(report)).isEqualTo(ReportFiles.mapper().writeValueAsString(report));
        assertThat(ReportWriter.toJson(empty)).isEqualTo(ReportFiles.mapper().writeValueAsString(empty));
    }

    @Test
    void aReportLargerThanOneChunkIsWrittenWhole() throws Exception {
        java.util.List<Leak> leaks = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            leaks.add(SampleReports.leak(String.format("%016x", i), "gc", i + 1, "2025-03-01T10:00:01Z"));
        }
        LeakReport report = SampleReports.report(leaks.toArray(new Leak[0]));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        ReportWriter.write(report, bytes);

        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(ReportFiles.mapper().writeValueAsString(report));
    }

    @Test
    void stringsLongerThanAChunkWithEscapesAndNonAsciiAreStreamedAsDataBindingWould() throws Exception {
        // Escapes, two- to four-byte characters and a lone surrogate, spread over several of the writer's chunks.
        String awkward = "é€\uD83D\uDE00\"\\\n\u0001x\uD800".repeat(20_000);
        Frame site = SampleReports.frame("p.Odd", awkward, "Odd.java", 7);
        Leak leak = new Leak("0123456789abcdef", "p.Odd", "gc", 2, site, java.util.List.of(site, site),
                java.util.List.of(awkward), awkward, "2025-03-01T10:00:01Z");
        LeakReport report = SampleReports.report(leak);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        ReportWriter.write(report, bytes);

        // Jackson's text, in UTF-8 as String encodes it (a lone surrogate as '?'): what a report file has always held.
        assertThat(bytes.toByteArray()).isEqualTo(
                ReportFiles.mapper().writeValueAsString(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ReportWriter.toJson(report)).as("in memory, the text of the file")
                .isEqualTo(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
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
