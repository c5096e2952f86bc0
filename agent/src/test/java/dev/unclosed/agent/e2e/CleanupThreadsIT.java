package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.ClosedByTheCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.util.stream.Stream;

import static dev.unclosed.agent.e2e.TrackingIT.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A close() that a finalizer or a Cleaner runs after the object was dropped is not the application's close. */
class CleanupThreadsIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatAFinalizerClosesWasCollectedWithoutClose(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ClosedByTheCollector.class);

        Leak finalized = result.leakAt(ClosedByTheCollector.class, "finalized");
        assertThat(finalized.type()).isEqualTo(ClosedByTheCollector.Finalized.class.getName());
        assertThat(finalized.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(finalized.owns()).containsExactly(FileInputStream.class.getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatACleanerActionClosesWasCollectedWithoutCloseWhicheverThreadRunsIt(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ClosedByTheCollector.class);

        for (String marker : new String[]{"cleaner", "ownThreads"}) {
            Leak leak = result.leakAt(ClosedByTheCollector.class, marker);
            assertThat(leak.type()).as(marker).isEqualTo(FileInputStream.class.getName());
            assertThat(leak.kind()).as(marker).isEqualTo(Leak.KIND_GC);
            assertThat(leak.count()).as(marker).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aCleanableRunByTheApplicationsOwnCloseIsAClose(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ClosedByTheCollector.class);

        assertThat(result.leaksAt(ClosedByTheCollector.class, "handleStream")).as(result.summary()).isEmpty();
        assertThat(result.leaks()).as(result.summary()).hasSize(3);
    }
}
