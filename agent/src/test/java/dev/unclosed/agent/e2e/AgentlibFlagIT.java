package dev.unclosed.agent.e2e;

import dev.unclosed.scenarios.LeakedFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent loaded as {@code -agentlib:instrument=JAR=OPTIONS}, the form the Maven plugin gives test JVMs: the same
 * agent as under {@code -javaagent}, with the JDK's archived module graph kept in use. (The JDK's classes loaded
 * before the agent are retransformed under either flag: {@link StartUpIT}.)
 */
class AgentlibFlagIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void droppedFilesAreReportedAtTheirLines(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).agentFlag(AgentRun.AGENTLIB).main(LeakedFiles.class).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.leaks()).as(result.describe()).hasSize(2);
        assertThat(result.leakAt(LeakedFiles.class, "fis").type()).isEqualTo("java.io.FileInputStream");
        assertThat(result.leakAt(LeakedFiles.class, "raf").type()).isEqualTo("java.io.RandomAccessFile");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theJdksArchivedModuleGraphStaysInUse(Jdk jdk) throws Exception {
        AgentRun.Result agentlib = AgentRun.on(jdk).agentFlag(AgentRun.AGENTLIB).jvmOptions("-Xlog:cds=info:stdout")
                .main(LeakedFiles.class).run();
        AgentRun.Result javaagent = AgentRun.on(jdk).agentFlag(AgentRun.JAVAAGENT).jvmOptions("-Xlog:cds=info:stdout")
                .main(LeakedFiles.class).run();

        assertThat(agentlib.stdout()).as(agentlib.describe()).contains("full module graph: enabled");
        assertThat(javaagent.stdout()).as("what -javaagent costs, the reason for the other form")
                .doesNotContain("full module graph: enabled");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anUnknownOptionStopsTheJvmAtStartAsUnderJavaagent(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).agentFlag(AgentRun.AGENTLIB).options("reprot=x.json")
                .main(LeakedFiles.class).run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("unclosed: unknown option 'reprot'");
        assertThat(result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.exists(result.directory().resolve("data.txt"))).as("main never ran").isFalse();
    }
}
