package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.EndsBadly;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The report is written however the application ends, as long as the JVM runs its shutdown hooks (guarantees.md). */
class ReportWrittenIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static void assertHeldFileReported(AgentRun.Result result) {
        Leak held = result.leakAt(EndsBadly.class, "held");
        assertThat(held.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(held.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anExceptionOutOfMainStillWritesTheReportAndKeepsTheExitCode(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).main(EndsBadly.class, "throw").run();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stderr()).contains("IllegalStateException: the application failed");
        assertHeldFileReported(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anApplicationThatRunsItsHeapOutStillGetsItsReport(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).jvmOptions("-Xmx32m").main(EndsBadly.class, "oom").run();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stderr()).contains("java.lang.OutOfMemoryError");
        assertHeldFileReported(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sigtermStillWritesTheReport(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).main(EndsBadly.class, "sigterm").run();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(143);
        assertThat(result.stdout()).doesNotContain("SIGTERM never came");
        assertHeldFileReported(result);
    }
}
