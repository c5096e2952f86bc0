package dev.unclosed.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/report.schema.json must describe what ReportFiles writes, and reject what ReportFiles rejects. */
class ReportSchemaTest {

    private static final Path SCHEMA = Path.of("../docs/report.schema.json");

    @TempDir
    Path dir;

    @Test
    void aWrittenReportIsValidAgainstThePublishedSchema() throws Exception {
        Frame site = SampleReports.frame("com.acme.Foo", "open", "Foo.java", 12);
        LeakReport report = SampleReports.report(
                SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z"),
                new Leak("b2", "java.net.Socket", "exit", 1, null, List.of(), List.of(), "pool-1-thread-2", "2025-03-01T10:00:02Z"),
                new Leak("c3", "java.util.zip.ZipFile", "gc", 2, site,
                        List.of(site, SampleReports.frame("jdk.internal.Nameless", "run", null, -1)), null, "main", "2025-03-01T10:00:03Z"),
                SampleReports.leak("d4", "gc", 2, "2025-03-01T10:00:04Z").withTests(List.of(
                        new LeakTest("[engine:junit-jupiter]/[class:a.FooTest]/[method:reads()]", "reads()", "a.FooTest",
                                "reads", 1),
                        new LeakTest("[engine:junit-jupiter]/[class:a.FooTest]", "FooTest", "a.FooTest", null, 1))));
        Path file = dir.resolve("r.json");
        ReportFiles.write(report, file);

        assertThat(validate(ReportFiles.mapper().readTree(file.toFile()))).isEmpty();
    }

    @Test
    void theSchemaAcceptsAKindFromANewerAgent() throws Exception {
        JsonNode tree = ReportFiles.mapper().readTree(ReportFiles.toJson(
                SampleReports.report(SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z"))).replace("\"gc\"", "\"snapshot\""));

        assertThat(validate(tree)).isEmpty();
    }

    @Test
    void theSchemaRejectsAnEmptyKind() throws Exception {
        JsonNode tree = ReportFiles.mapper().readTree(ReportFiles.toJson(
                SampleReports.report(SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z"))).replace("\"gc\"", "\"\""));

        assertThat(validate(tree)).isNotEmpty();
    }

    @Test
    void theSchemaRejectsACountGivenAsAString() throws Exception {
        JsonNode tree = ReportFiles.mapper().readTree(ReportFiles.toJson(
                SampleReports.report(SampleReports.leak("a1", "gc", 3, "2025-03-01T10:00:01Z"))).replace("\"count\" : 3", "\"count\" : \"3\""));

        assertThat(validate(tree)).isNotEmpty();
    }

    @Test
    void theExampleInTheFormatDocumentIsAValidReport() throws Exception {
        String doc = Files.readString(Path.of("../docs/report-format.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));
        Path file = Files.writeString(dir.resolve("example.json"), example);

        assertThat(validate(ReportFiles.mapper().readTree(example))).isEmpty();
        assertThat(ReportFiles.read(file).leaks()).hasSize(2);
    }

    static Set<ValidationMessage> validate(JsonNode tree) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(ReportFiles.mapper().readTree(Files.readString(SCHEMA)));
        return schema.validate(tree);
    }
}
