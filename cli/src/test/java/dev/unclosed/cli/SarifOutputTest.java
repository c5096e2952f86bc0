package dev.unclosed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.unclosed.report.Frame;
import dev.unclosed.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

class SarifOutputTest {

    private static final Path SARIF_SCHEMA = Path.of("src/test/resources/sarif-schema-2.1.0.json");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"leaking.json", "clean.json", "forks", "no-stacks.json", "future-fields.json", "wrapped.json"})
    void theSarifIsValidAgainstTheOfficialSarif210Schema(String input) throws Exception {
        JsonNode sarif = sarif(report(input), "--baseline", report("baselines/baseline.json"));

        assertThat(schema().validate(sarif)).isEmpty();
    }

    @Test
    void theSchemaCheckCanFail() throws Exception {
        JsonNode sarif = sarif(report("leaking.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.at("/runs/0/results/0")).put("level", "fatal");

        assertThat(schema().validate(sarif)).isNotEmpty();
    }

    @Test
    void eachFindingIsOneResultWithItsRuleAndALevelFromTheVerdict() throws Exception {
        JsonNode results = sarif(report("leaking.json")).at("/runs/0/results");

        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("ruleId").asText()).isEqualTo("unclosed/leak-gc");
        assertThat(results.get(0).get("level").asText()).isEqualTo("error");
        assertThat(results.get(1).get("ruleId").asText()).isEqualTo("unclosed/open-at-exit");
        assertThat(results.get(1).get("level").asText()).isEqualTo("note");
    }

    @Test
    void theMessageNamesTypeCountAndSite() throws Exception {
        JsonNode result = sarif(report("leaking.json")).at("/runs/0/results/0");

        assertThat(result.at("/message/text").asText()).isEqualTo(
                "3 x java.io.BufferedReader collected without close(), allocated at InvoiceStore.java:42 in com.acme.orders.InvoiceStore.load.");
    }

    @Test
    void theResultIsLocatedAtTheSitesSourceFileAndLine() throws Exception {
        JsonNode location = sarif(report("leaking.json")).at("/runs/0/results/0/locations/0");

        assertThat(location.at("/physicalLocation/artifactLocation/uri").asText()).isEqualTo("com/acme/orders/InvoiceStore.java");
        assertThat(location.at("/physicalLocation/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
        assertThat(location.at("/physicalLocation/region/startLine").asInt()).isEqualTo(42);
        assertThat(location.at("/logicalLocations/0/fullyQualifiedName").asText()).isEqualTo("com.acme.orders.InvoiceStore.load");
    }

    @Test
    void whatTheLeakedObjectHeldIsARelatedLocationWhereItWasOpened() throws Exception {
        JsonNode related = sarif(report("wrapped.json")).at("/runs/0/results/0/relatedLocations/0");

        assertThat(related.at("/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("dev/unclosed/scenarios/ChannelHandedToALibrary.java");
        assertThat(related.at("/physicalLocation/region/startLine").asInt()).isEqualTo(19);
        assertThat(related.at("/message/text").asText()).isEqualTo("sun.nio.ch.FileChannelImpl opened here, held by the leaked sun.nio.ch.ChannelInputStream");
    }

    @Test
    void theApplicationsFramesAreACodeFlowInExecutionOrderEndingAtTheSite() throws Exception {
        JsonNode steps = sarif(report("leaking.json")).at("/runs/0/results/0/codeFlows/0/threadFlows/0/locations");

        assertThat(steps).extracting(s -> s.at("/location/logicalLocations/0/fullyQualifiedName").asText()).containsExactly(
                "com.acme.orders.InvoiceServiceTest.invoicesTheWholeMonth", "com.acme.orders.InvoiceService.invoiceFor",
                "com.acme.orders.InvoiceStore.load");
        assertThat(steps.get(2).at("/location/physicalLocation/region/startLine").asInt()).isEqualTo(42);
        assertThat(steps.get(2).at("/executionOrder").asInt()).isEqualTo(3);
    }

    @Test
    void theCodeFlowEndsAtTheSiteNotInsideTheJdk() throws Exception {
        List<Frame> stack = HandMade.stack("java.util.zip.ZipFile.<init>(ZipFile.java:180)",
                "java.util.jar.JarFile.<init>(JarFile.java:346)", "demo.Main.openJar(Main.java:43)", "demo.Main.main(Main.java:12)");
        Path report = HandMade.write(dir, "jar.json", HandMade.leak("j1", "java.util.jar.JarFile", "gc", 1, stack.get(2), stack));

        JsonNode steps = sarif(report.toString()).at("/runs/0/results/0/codeFlows/0/threadFlows/0/locations");

        assertThat(steps).extracting(s -> s.at("/location/physicalLocation/artifactLocation/uri").asText())
                .containsExactly("demo/Main.java", "demo/Main.java");
        assertThat(steps.get(1).at("/location/physicalLocation/region/startLine").asInt()).isEqualTo(43);
    }

    @Test
    void aJdkFrameIsNoRepositoryPath() throws Exception {
        Frame jdk = HandMade.frame("java.nio.file.Files.newInputStream(Files.java:160)");
        Path report = HandMade.write(dir, "jdk.json", HandMade.leak("j2", "sun.nio.ch.ChannelInputStream", "gc", 1, jdk, List.of(jdk)));

        JsonNode result = sarif(report.toString()).at("/runs/0/results/0");

        assertThat(result.at("/locations/0").has("physicalLocation")).isFalse();
        assertThat(result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText()).isEqualTo("java.nio.file.Files.newInputStream");
    }

    @Test
    void theLeakIdIsThePartialFingerprint() throws Exception {
        JsonNode result = sarif(report("leaking.json")).at("/runs/0/results/0");

        assertThat(result.at("/partialFingerprints/unclosedLeakId~1v1").asText()).isEqualTo("5f1c9a0e7b3d42a8");
    }

    @Test
    void baselinedFindingsAreWarningsMarkedUnchanged() throws Exception {
        JsonNode result = sarif(report("leaking.json"), "--baseline", report("baselines/baseline.json")).at("/runs/0/results/0");

        assertThat(result.get("level").asText()).isEqualTo("warning");
        assertThat(result.get("baselineState").asText()).isEqualTo("unchanged");
    }

    @Test
    void theDriverIsUnclosedWithItsVersionAndARulePerKind() throws Exception {
        JsonNode driver = sarif(report("clean.json")).at("/runs/0/tool/driver");

        assertThat(driver.get("name").asText()).isEqualTo("unclosed");
        assertThat(driver.get("version").asText()).isEqualTo(Version.current());
        assertThat(driver.get("rules")).extracting(r -> r.get("id").asText())
                .containsExactly("unclosed/leak-gc", "unclosed/open-at-exit", "unclosed/other");
    }

    @Test
    void aFindingWithoutSiteHasNoLocationRatherThanAGuessedOne() throws Exception {
        JsonNode result = sarif(report("no-stacks.json")).at("/runs/0/results/0");

        assertThat(result.has("locations")).isFalse();
        assertThat(result.has("codeFlows")).isFalse();
    }

    @Test
    void theSourcePathIsThePackageAsDirectoriesPlusTheFileName() {
        assertThat(SarifWriter.sourceUri(new Frame("com.acme.Outer$Inner", "run", "Outer.java", 3))).isEqualTo("com/acme/Outer.java");
        assertThat(SarifWriter.sourceUri(new Frame("Main", "main", "Main.java", 3))).isEqualTo("Main.java");
        assertThat(SarifWriter.sourceUri(new Frame("com.acme.Gen", "run", "My File.java", 3))).isEqualTo("com/acme/My%20File.java");
        assertThat(SarifWriter.sourceUri(new Frame("com.acme.Gen", "run", null, -1))).isNull();
    }

    private JsonNode sarif(String... inputsAndOptions) throws Exception {
        Path file = dir.resolve("unclosed.sarif");
        String[] args = new String[inputsAndOptions.length + 3];
        args[0] = "check";
        System.arraycopy(inputsAndOptions, 0, args, 1, inputsAndOptions.length);
        args[args.length - 2] = "--sarif";
        args[args.length - 1] = file.toString();
        Cli.Result result = Cli.run(args);
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("Wrote SARIF to " + file);
        return ReportFiles.mapper().readTree(Files.readString(file));
    }

    private static JsonSchema schema() throws Exception {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(ReportFiles.mapper().readTree(Files.readString(SARIF_SCHEMA)), config);
    }
}
