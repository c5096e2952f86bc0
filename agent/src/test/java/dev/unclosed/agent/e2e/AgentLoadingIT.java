package dev.unclosed.agent.e2e;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unclosed.report.Leak;
import dev.unclosed.report.ReportFiles;
import dev.unclosed.scenarios.OpensFirstThing;
import dev.unclosed.scenarios.SaysWhereTheAgentLoaded;
import dev.unclosed.scenarios.UsesItsOwnReportModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the agent's classes load from: through the jar's Boot-Class-Path, the bootstrap loader, when the jar has the
 * name it is built or published with; the class path, as any agent's, under another name. Either way, the same leaks,
 * and the application's own classes of the same names stay its own.
 */
class AgentLoadingIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void underTheNameItIsBuiltWithTheAgentLoadsThroughTheBootstrapLoaderWithoutAWordFromTheJvm(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).main(SaysWhereTheAgentLoaded.class, AgentRun.agentJar().toString()).run();

        assertThat(result.stdout()).as(result.describe()).contains("agent in the bootstrap loader: true");
        assertOnlyTheAgentSpeaks(result);
        assertHeldStreamIsFound(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void underTheNameItIsPublishedWithTheAgentLoadsThroughTheBootstrapLoader(Jdk jdk) throws Exception {
        Path copy = copyOfTheAgentJar("unclosed-agent-" + builtVersion() + ".jar");

        AgentRun.Result result = AgentRun.on(jdk).agentJar(copy)
                .main(SaysWhereTheAgentLoaded.class, AgentRun.agentJar().toString()).run();

        assertThat(result.stdout()).as(result.describe()).contains("agent in the bootstrap loader: true");
        assertHeldStreamIsFound(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void renamedTheAgentLoadsFromTheClassPathAndFindsTheSameLeaks(Jdk jdk) throws Exception {
        Path copy = copyOfTheAgentJar("leak agent.jar");

        AgentRun.Result where = AgentRun.on(jdk).agentJar(copy)
                .main(SaysWhereTheAgentLoaded.class, AgentRun.agentJar().toString()).run();
        AgentRun.Result first = AgentRun.on(jdk).agentJar(copy).main(OpensFirstThing.class, AgentRun.agentJar().toString()).run();

        assertThat(where.stdout()).as(where.describe()).contains("agent in the bootstrap loader: false");
        assertOnlyTheAgentSpeaks(where);
        assertHeldStreamIsFound(where);
        assertThat(first.report().summary().agentErrors()).as(first.describe()).isZero();
        for (String marker : new String[] {"fileIn", "fileOut", "randomAccess", "zip", "jar"}) {
            Leak leak = first.leakAt(OpensFirstThing.class, marker);
            assertThat(leak.kind()).as(marker).isEqualTo(Leak.KIND_EXIT);
            assertThat(leak.count()).as(marker).isEqualTo(1);
        }
    }

    /** Its summary on stderr, and no warning from the JVM (about class data sharing, say). */
    private static void assertOnlyTheAgentSpeaks(AgentRun.Result result) {
        assertThat(result.stderr()).as(result.describe()).doesNotContainIgnoringCase("warning")
                .startsWith("unclosed: ");
        assertThat(result.stderr().lines()).as(result.describe())
                .allMatch(line -> line.startsWith("unclosed: ") || line.startsWith("  "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anApplicationsOwnReportModelIsTheOneItGetsNotTheAgentsCopy(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk)
                .classpath(AgentRun.testClasses(), codeSourceOf(ReportFiles.class), codeSourceOf(ObjectMapper.class),
                        codeSourceOf(JsonParser.class), codeSourceOf(JsonProperty.class))
                .main(UsesItsOwnReportModel.class).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).contains("report model from the class path")
                .contains("mapper com.fasterxml.jackson.databind."); // its own Jackson, not the agent's relocated one
    }

    private static Path codeSourceOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void assertHeldStreamIsFound(AgentRun.Result result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        Leak held = result.leakAt(SaysWhereTheAgentLoaded.class, "held");
        assertThat(held.type()).isEqualTo("java.io.FileInputStream");
        assertThat(held.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(held.count()).isEqualTo(1);
        assertThat(result.leaks()).as(result.describe()).hasSize(1);
    }

    private static Path copyOfTheAgentJar(String name) throws Exception {
        Path copy = AgentRun.newWorkDirectory("agent-copy-").resolve(name);
        Files.copy(AgentRun.agentJar(), copy);
        return copy;
    }

    private static String builtVersion() throws Exception {
        try (JarFile jar = new JarFile(AgentRun.agentJar().toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }
}
