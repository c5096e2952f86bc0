package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.scenarios.ConcurrentStress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 16 threads opening, closing, wrapping, handing over to other threads and leaking for 10 s in a 64 MB heap: no
 * deadlock, counts exactly as the program kept them, and the heap as small at the end as with nothing tracked.
 * One forked JVM per JDK.
 */
class ConcurrencyStressIT {

    private static final Map<String, AgentRun.Result> RUNS = new ConcurrentHashMap<>();

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static AgentRun.Result run(Jdk jdk) {
        return RUNS.computeIfAbsent(jdk.name(), name -> {
            try {
                return AgentRun.on(jdk).options("resources=" + ConcurrentStress.Res.class.getName())
                        .jvmOptions("-Xmx64m").main(ConcurrentStress.class, "10").run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /** What the program says it did: tracked, closed, leakedPlain, leakedWrapped, heapUsedMB. */
    private static Map<String, Long> programCounts(AgentRun.Result result) {
        Map<String, Long> counts = new HashMap<>();
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("tracked=")) {
                for (String pair : line.trim().split(" ")) {
                    String[] kv = pair.split("=");
                    counts.put(kv[0], Long.parseLong(kv[1]));
                }
            }
        }
        assertThat(counts).as(result.describe()).containsKeys("tracked", "closed", "leakedPlain", "leakedWrapped");
        return counts;
    }

    private static long leakedAt(AgentRun.Result result, String marker) {
        return result.leaksAt(ConcurrentStress.class, marker).stream().mapToLong(Leak::count).sum();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sixteenThreadsRunToTheEndWithoutDeadlockOrAgentError(Jdk jdk) {
        AgentRun.Result result = run(jdk);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        assertThat(result.report().summary().untracked()).as("never at the cap").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void leaksAreExactlyWhatTheProgramLeaked(Jdk jdk) {
        AgentRun.Result result = run(jdk);
        Map<String, Long> program = programCounts(result);

        assertThat(leakedAt(result, "plain")).isEqualTo(program.get("leakedPlain"));
        assertThat(leakedAt(result, "wrapped")).isEqualTo(program.get("leakedWrapped"));
        assertThat(result.leaksAt(ConcurrentStress.class, "wrapped")).as(result.summary())
                .allSatisfy(leak -> assertThat(leak.type()).isEqualTo(ConcurrentStress.Wrapper.class.getName()));
        LeakReport.Summary summary = result.report().summary();
        assertThat(summary.leaked() + summary.openAtExit()).isEqualTo(program.get("leakedPlain") + program.get("leakedWrapped"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void everyTrackedObjectIsClosedLeakedOrOpen(Jdk jdk) {
        AgentRun.Result result = run(jdk);
        Map<String, Long> program = programCounts(result);
        LeakReport.Summary summary = result.report().summary();

        // A leaked wrapper is two records and one leak: the wrapper, reported, and the resource it owns.
        assertThat(summary.closed() + summary.leaked() + summary.openAtExit() + program.get("leakedWrapped"))
                .isEqualTo(summary.tracked());
        // Beside the program's own, only the few closeables the JDK opens and closes for itself.
        long jdkOwn = summary.tracked() - program.get("tracked");
        assertThat(jdkOwn).isBetween(0L, 50L);
        assertThat(summary.closed() - program.get("closed")).isEqualTo(jdkOwn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentsMemoryStaysBounded(Jdk jdk) {
        AgentRun.Result result = run(jdk);

        // Millions of objects went by; what is left after a collection is what the program holds, and little more.
        assertThat(programCounts(result).get("heapUsedMB")).isLessThan(16L);
    }
}
