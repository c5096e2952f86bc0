package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.scenarios.FaultsInsideTheAgent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures inside the agent (an exception in the tracker, an OutOfMemoryError in its own work, a class that fails to
 * transform, a failing reaper), injected through the test hook {@code dev.unclosed.faults}: none reaches the
 * application, each is counted by kind with its first message, and said once on stderr. One forked JVM per JDK
 * serves every test here.
 */
class FaultIsolationIT {

    private static final String SCENARIO = FaultsInsideTheAgent.class.getName();
    private static final String FAULTS = "-Ddev.unclosed.faults=constructed:" + SCENARIO + "$Exploding;closing:" + SCENARIO
            + "$ClosingExplodes;oom:" + SCENARIO + "$OutOfMemoryOnTrack;transform:" + SCENARIO + "$Untransformable;reaper:2";
    private static final Map<String, AgentRun.Result> RUNS = new ConcurrentHashMap<>();

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static AgentRun.Result run(Jdk jdk) {
        return RUNS.computeIfAbsent(jdk.name(), name -> {
            try {
                return AgentRun.on(jdk).jvmOptions(FAULTS).main(FaultsInsideTheAgent.class).run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static Map<String, LeakReport.AgentErrorKind> kinds(AgentRun.Result result) {
        return result.report().summary().agentErrorKinds().stream()
                .collect(Collectors.toMap(LeakReport.AgentErrorKind::kind, Function.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theApplicationRunsToItsEndAsIfNothingFailed(Jdk jdk) {
        AgentRun.Result result = run(jdk);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .contains("application saw: closed=true closes=2")
                .contains("application finished");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void eachFailureIsCountedByKindWithItsFirstMessage(Jdk jdk) {
        AgentRun.Result result = run(jdk);
        Map<String, LeakReport.AgentErrorKind> kinds = kinds(result);

        assertThat(kinds).as(result.describe()).containsOnlyKeys("tracker", "outOfMemory", "transform", "reaper");
        assertThat(kinds.get("tracker").count()).isEqualTo(4); // two constructions, two closes
        assertThat(kinds.get("tracker").firstMessage()).contains("constructed " + SCENARIO + "$Exploding");
        assertThat(kinds.get("outOfMemory").count()).isEqualTo(1);
        assertThat(kinds.get("outOfMemory").firstMessage()).contains("OutOfMemoryError").contains("OutOfMemoryOnTrack");
        assertThat(kinds.get("transform").count()).isEqualTo(1);
        assertThat(kinds.get("transform").firstMessage()).contains("Untransformable");
        assertThat(kinds.get("reaper").count()).isPositive();
        assertThat(result.report().summary().agentErrors())
                .isEqualTo(kinds.values().stream().mapToLong(LeakReport.AgentErrorKind::count).sum());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void eachKindOfFailureIsSaidOnceOnStderr(Jdk jdk) {
        AgentRun.Result result = run(jdk);

        for (String kind : new String[] {"tracker", "outOfMemory", "transform", "reaper"}) {
            String line = "unclosed: an error inside the agent (" + kind + ") was swallowed";
            assertThat(result.stderr().split(java.util.regex.Pattern.quote(line), -1)).as(result.describe()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void leaksAreStillFoundAfterTheFailures(Jdk jdk) {
        AgentRun.Result result = run(jdk);

        Leak held = result.leakAt(FaultsInsideTheAgent.class, "held");
        assertThat(held.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(held.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(held.count()).isEqualTo(1);
        Leak dropped = result.leakAt(FaultsInsideTheAgent.class, "dropped");
        assertThat(dropped.kind()).isEqualTo(Leak.KIND_GC);
        // Every second collected object is lost to the failing reaper, not the others.
        assertThat(dropped.count()).isBetween(1L, 3L);
    }
}
