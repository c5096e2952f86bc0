package dev.unclosed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenReportReadsBackEqual() throws Exception {
        LeakReport report = SampleReports.report(SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z"));
        Path file = dir.resolve("r.json");

        ReportFiles.write(report, file);

        assertThat(ReportFiles.read(file)).isEqualTo(report);
    }

    @Test
    void writingLeavesNoTemporaryFileBehind() throws Exception {
        ReportFiles.write(SampleReports.report(), dir.resolve("r.json"));

        try (var files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("r.json");
        }
    }

    @Test
    void aFailingWriterLeavesTheOldFileIntact() throws Exception {
        Path file = dir.resolve("out.txt");
        Files.writeString(file, "old");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(Files.readString(file)).isEqualTo("old");
    }

    @Test
    void aFindingOfAKindFromANewerAgentIsRead() throws Exception {
        String json = ReportFiles.toJson(SampleReports.report(SampleReports.leak("a1", "gc", 1, "2025-03-01T10:00:01Z")))
                .replace("\"gc\"", "\"snapshot\"");

        assertThat(ReportFiles.read(write(json)).leaks()).singleElement().extracting(Leak::kind).isEqualTo("snapshot");
    }

    @Test
    void aBaselineIsRecognisedAndSentToBaselineOption() throws Exception {
        Path file = write("{\"schemaVersion\" : 1, \"kind\" : \"unclosed-baseline\", \"leaks\" : [ {\"id\" : \"a1\", \"site\" : \"A.java:3\"} ]}");

        assertThatThrownBy(() -> ReportFiles.read(file))
                .hasMessage(file + ": this is a baseline; pass it with --baseline");
    }

    @Test
    void unknownFieldsAreTolerated() throws Exception {
        String json = ReportFiles.toJson(SampleReports.report(SampleReports.leak("a1", "gc", 1, "2025-03-01T10:00:01Z")))
                .replace("\"schemaVersion\" : 1,", "\"schemaVersion\" : 1, \"fromTheFuture\" : {\"x\" : [1]},")
                .replace("\"count\" : 1,", "\"count\" : 1, \"retainedBytes\" : 123,");
        Path file = write(json);

        assertThat(ReportFiles.read(file).leaks()).singleElement().extracting(Leak::count).isEqualTo(1L);
    }

    @Test
    void aCountGivenAsAStringIsRejectedNotCoerced() throws Exception {
        String json = ReportFiles.toJson(SampleReports.report(SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z")))
                .replace("\"count\" : 3", "\"count\" : \"3\"");
        Path file = write(json);

        assertThatThrownBy(() -> ReportFiles.read(file))
                .isInstanceOf(InvalidReportException.class)
                .hasMessage(file + ": malformed report: $.leaks[0].count should be an integer, not the string \"3\"");
    }

    @Test
    void aTypeGivenAsANumberIsRejectedNotCoerced() throws Exception {
        String json = ReportFiles.toJson(SampleReports.report(SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z")))
                .replace("\"type\" : \"java.io.FileInputStream\"", "\"type\" : 42");
        Path file = write(json);

        assertThatThrownBy(() -> ReportFiles.read(file))
                .hasMessage(file + ": malformed report: $.leaks[0].type should be a string, not the number 42");
    }

    @Test
    void aFractionalLineNumberIsRejected() throws Exception {
        String json = ReportFiles.toJson(SampleReports.report(SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z")))
                .replaceFirst("\"lineNumber\" : 42", "\"lineNumber\" : 42.5");
        Path file = write(json);

        assertThatThrownBy(() -> ReportFiles.read(file))
                .hasMessageStartingWith(file + ": malformed report: $.leaks[0].site.lineNumber");
    }

    @Test
    void anUnknownSchemaVersionIsRejectedNamingBothVersions() throws Exception {
        Path file = write(ReportFiles.toJson(SampleReports.report()).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"));

        assertThatThrownBy(() -> ReportFiles.read(file))
                .hasMessage(file + ": unknown schemaVersion 2 (this version of unclosed reads schemaVersion 1)");
    }

    @Test
    void aReportCutShortIsCalledTruncated() throws Exception {
        String json = ReportFiles.toJson(SampleReports.report(SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z")));
        Path file = write(json.substring(0, json.length() / 2));

        assertThatThrownBy(() -> ReportFiles.read(file)).hasMessageStartingWith(file + ": truncated: the JSON ends early (line ");
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("report.json");
        Files.writeString(file, json);
        return file;
    }
}
