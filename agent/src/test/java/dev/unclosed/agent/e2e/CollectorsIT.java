package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.DroppedThenCollected;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection rests on phantom references being enqueued, which every collector does in its own way and time: the
 * same small scenario under G1, Parallel, Serial and ZGC, on every JDK. Without the final sweep at exit: the leaks
 * must be found while the program runs.
 */
class CollectorsIT {

    static Stream<Arguments> jdksAndCollectors() {
        return Jdk.all().flatMap(jdk -> Stream.of("-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:+UseSerialGC", "-XX:+UseZGC")
                .map(gc -> Arguments.of(jdk, gc)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCollectors")
    void droppedFilesAreFoundCollectedUnderEveryCollector(Jdk jdk, String collector) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("finalSweep=0").jvmOptions(collector).main(DroppedThenCollected.class).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        Leak fis = result.leakAt(DroppedThenCollected.class, "fis");
        assertThat(fis.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(fis.kind()).as(result.describe()).isEqualTo(Leak.KIND_GC);
        assertThat(fis.count()).isEqualTo(1);
        Leak raf = result.leakAt(DroppedThenCollected.class, "raf");
        assertThat(raf.type()).isEqualTo(RandomAccessFile.class.getName());
        assertThat(raf.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
    }
}
