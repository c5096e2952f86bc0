package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.SecureRandomThenExit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The final sweep at exit asks for collections only while something open could still be reported: what the JDK
 * holds for the JVM's life (the /dev/urandom streams behind SecureRandom) never is, and must not cost every JVM
 * that made a random UUID full collections at exit.
 */
class FinalSweepIT {

    private static final String SWEEP_COLLECTION = "Pause Full (System.gc())";

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void noCollectionIsAskedForWhenOnlyWhatTheJdkHoldsIsOpen(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).jvmOptions("-Xlog:gc:stdout").main(SecureRandomThenExit.class).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().tracked() - result.report().summary().closed())
                .as("the JDK's /dev/urandom streams, open at exit").isPositive();
        assertThat(result.leaks()).as(result.summary()).isEmpty();
        assertThat(result.stdout()).as(result.describe()).doesNotContain(SWEEP_COLLECTION);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anObjectDroppedBesideThemIsStillSweptAndFoundCollected(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).jvmOptions("-Xlog:gc:stdout").main(SecureRandomThenExit.class, "drop").run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).contains(SWEEP_COLLECTION);
        Leak dropped = result.leakAt(SecureRandomThenExit.class, "dropped");
        assertThat(dropped.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(dropped.kind()).as(result.describe()).isEqualTo(Leak.KIND_GC);
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }
}
