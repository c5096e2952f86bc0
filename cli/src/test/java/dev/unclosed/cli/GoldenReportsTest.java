package dev.unclosed.cli;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.unclosed.report.ReportFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written golden reports must be what the agent writes: valid against the published report schema. */
class GoldenReportsTest {

    @ParameterizedTest
    @ValueSource(strings = {"leaking.json", "clean.json", "exit-only.json", "forks/fork-1.json", "forks/fork-2.json",
            "future-fields.json", "no-stacks.json", "open-now.json"})
    void aGoldenReportIsValidAgainstDocsReportSchema(String name) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(ReportFiles.mapper().readTree(Files.readString(Path.of("../docs/report.schema.json"))));

        assertThat(schema.validate(ReportFiles.mapper().readTree(Files.readString(Path.of(Cli.report(name)))))).isEmpty();
    }
}
