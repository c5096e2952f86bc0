package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.scenarios.ManyOpenCloseables;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * maxTracked: a program that keeps 1.5 million closeables open in a 64 MB heap completes under the agent, which
 * tracks up to its default cap (one per KB of heap: 65,536) and counts the rest. One forked JVM per JDK.
 */
class TrackingCapIT {

    private static final int OPENED = 1_500_000;
    private static final Map<String, AgentRun.Result> RUNS = new ConcurrentHashMap<>();

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static AgentRun.Result run(Jdk jdk) {
        return RUNS.computeIfAbsent(jdk.name(), name -> {
            try {
                return AgentRun.on(jdk).options("resources=" + ManyOpenCloseables.Handle.class.getName(), "finalSweep=0")
                        .jvmOptions("-Xmx64m").main(ManyOpenCloseables.class, String.valueOf(OPENED)).run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void millionsOfOpenCloseablesInASmallHeapDoNotRunItOut(Jdk jdk) {
        AgentRun.Result result = run(jdk);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("opened " + OPENED);
        assertThat(result.stderr()).doesNotContain("OutOfMemoryError");
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void beyondTheCapObjectsAreCountedNotTracked(Jdk jdk) {
        AgentRun.Result result = run(jdk);
        LeakReport.Summary summary = result.report().summary();
        Leak open = result.leakAt(ManyOpenCloseables.class, "open");

        assertThat(open.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(open.count()).isBetween(60_000L, 65_536L);
        assertThat(open.count() + summary.untracked()).isEqualTo(OPENED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void reachingTheCapIsSaidOnceOnStderr(Jdk jdk) {
        AgentRun.Result result = run(jdk);

        assertThat(result.stderr().split("maxTracked objects are open and tracked", -1)).as(result.describe()).hasSize(2);
    }
}
