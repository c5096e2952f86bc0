package dev.unclosed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unclosed.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

class BaselineCommandTest {

    @TempDir
    Path dir;

    @Test
    void theBaselineHoldsEveryFindingSortedById() throws Exception {
        Path baseline = dir.resolve("unclosed-baseline.json");

        Cli.Result result = Cli.run("baseline", report("forks"), report("leaking.json"), "--output", baseline.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Wrote baseline of 5 findings to " + baseline);
        JsonNode file = ReportFiles.mapper().readTree(baseline.toFile());
        assertThat(file.get("kind").asText()).isEqualTo("unclosed-baseline");
        assertThat(file.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(file.get("leaks")).extracting(e -> e.get("id").asText())
                .containsExactly("3b8e2f90d4c1a657", "5f1c9a0e7b3d42a8", "71c4d0e8b2a93f15", "a04e77d2c19b5f36", "c62a19f0e7d84b03");
    }

    @Test
    void anEntryNamesTypeKindSiteClassAndMethodForTheReviewer() throws Exception {
        Path baseline = dir.resolve("b.json");
        Cli.run("baseline", report("leaking.json"), "--output", baseline.toString());

        assertThat(Files.readString(baseline)).isEqualTo("""
                {
                  "schemaVersion" : 1,
                  "kind" : "unclosed-baseline",
                  "leaks" : [ {
                    "id" : "5f1c9a0e7b3d42a8",
                    "type" : "java.io.BufferedReader",
                    "kind" : "gc",
                    "site" : "InvoiceStore.java:42",
                    "className" : "com.acme.orders.InvoiceStore",
                    "methodName" : "load"
                  }, {
                    "id" : "a04e77d2c19b5f36",
                    "type" : "java.net.Socket",
                    "kind" : "exit",
                    "site" : "PaymentClient.java:57",
                    "className" : "com.acme.payments.PaymentClient",
                    "methodName" : "connect"
                  } ]
                }
                """);
    }

    @Test
    void theSameFindingsGiveTheSameBytesWhateverTheInputOrder() throws Exception {
        Path first = dir.resolve("first.json");
        Path second = dir.resolve("second.json");

        Cli.run("baseline", report("forks/fork-1.json"), report("forks/fork-2.json"), "--output", first.toString());
        Cli.run("baseline", report("forks/fork-2.json"), report("forks/fork-1.json"), "--output", second.toString());

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }

    @Test
    void aFreshBaselineMakesTheSameReportsPassTheCheck() {
        Path baseline = dir.resolve("b.json");
        Cli.run("baseline", report("forks"), "--output", baseline.toString());

        Cli.Result result = Cli.run("check", report("forks"), "--fail-on", "any", "--baseline", baseline.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("3 baselined, 0 fixed");
    }

    @Test
    void aNewLeakStillFailsAgainstAnOlderBaseline() {
        Path baseline = dir.resolve("b.json");
        Cli.run("baseline", report("forks/fork-1.json"), "--output", baseline.toString());

        Cli.Result result = Cli.run("check", report("forks"), "--fail-on", "any", "--baseline", baseline.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FAIL     1 x java.sql.Connection still open at JVM exit").contains("2 baselined");
    }

    @Test
    void aFindingWithoutSiteIsWrittenWithoutSiteFields() throws Exception {
        Path baseline = dir.resolve("b.json");
        Cli.run("baseline", report("no-stacks.json"), "--output", baseline.toString());

        JsonNode entry = ReportFiles.mapper().readTree(baseline.toFile()).get("leaks").get(0);
        assertThat(entry.has("site")).isFalse();
        assertThat(entry.has("className")).isFalse();
        assertThat(entry.get("type").asText()).isEqualTo("java.io.FileInputStream");
    }
}
