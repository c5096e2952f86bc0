package dev.unclosed.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/cli.md shows real output: what check prints for the two reports it names. */
class CliDocTest {

    private static final String COMMAND = "$ java -jar unclosed-agent.jar check demo.json public-apis.json\n";

    @Test
    void theSampleOutputInCliMdIsWhatCheckPrints() throws Exception {
        String doc = Files.readString(Path.of("../docs/cli.md"));
        int start = doc.indexOf(COMMAND);
        assertThat(start).as("docs/cli.md shows " + COMMAND).isNotNegative();
        String sample = doc.substring(start + COMMAND.length(), doc.indexOf("```", start));

        assertThat(Cli.run("check", report("demo.json"), report("public-apis.json")).out()).isEqualTo(sample);
    }
}
