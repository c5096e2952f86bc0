package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.scenarios.CallSiteFirstReachedFromStaticInitializer;
import dev.unclosed.scenarios.CallSiteLeaks;
import dev.unclosed.scenarios.ClosedEveryWay;
import dev.unclosed.scenarios.ClosedThroughAnotherPath;
import dev.unclosed.scenarios.LeakedChannels;
import dev.unclosed.scenarios.LeaksAfterThrowingConstructors;
import dev.unclosed.scenarios.ConcurrentLeaks;
import dev.unclosed.scenarios.HeldAtExit;
import dev.unclosed.scenarios.LeakedFiles;
import dev.unclosed.scenarios.LeakedSockets;
import dev.unclosed.scenarios.SubclassLeaks;
import dev.unclosed.scenarios.ThrowingConstructors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Closeable tracked from construction to close or collection, in a forked JVM under the agent. */
class TrackingIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    static AgentRun.Result run(Jdk jdk, Class<?> scenario, String... options) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options(options).main(scenario).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as("errors inside the agent" + result.describe()).isZero();
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void leakedFileInputStreamAndRandomAccessFileAreFoundAtTheirLines(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, LeakedFiles.class);

        Leak fis = result.leakAt(LeakedFiles.class, "fis");
        assertThat(fis.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(fis.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(fis.count()).isEqualTo(1);
        assertThat(fis.site().className()).isEqualTo(LeakedFiles.class.getName());
        assertThat(fis.site().methodName()).isEqualTo("main");
        assertThat(fis.stack()).isNotEmpty();
        assertThat(fis.stack().get(0).className()).isEqualTo(FileInputStream.class.getName());
        Leak raf = result.leakAt(LeakedFiles.class, "raf");
        assertThat(raf.type()).isEqualTo(RandomAccessFile.class.getName());
        assertThat(raf.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
        assertThat(result.report().summary().leaked()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void streamsClosedInEveryCommonWayAreNotReported(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ClosedEveryWay.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
        assertThat(result.report().summary().closed()).isGreaterThanOrEqualTo(5);
        assertThat(result.stderr()).contains("unclosed: no leaks (").doesNotContain("collected without close()");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void resourcesReleasedThroughAnotherObjectCountAsClosed(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ClosedThroughAnotherPath.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void leakedChannelsDatagramSocketsPipesAndSelectorsAreEachFoundOnce(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, LeakedChannels.class);

        for (String marker : new String[]{"serverChannel", "clientChannel", "acceptedChannel", "datagramChannel",
                "datagramSocket", "selector"}) {
            Leak leak = result.leakAt(LeakedChannels.class, marker);
            assertThat(leak.count()).as(marker).isEqualTo(1);
        }
        assertThat(result.leakAt(LeakedChannels.class, "datagramSocket").type()).isEqualTo(java.net.DatagramSocket.class.getName());
        assertThat(result.leaksAt(LeakedChannels.class, "pipe")).as("a pipe is two channels, each to be closed")
                .extracting(Leak::type).containsExactlyInAnyOrder("sun.nio.ch.SourceChannelImpl", "sun.nio.ch.SinkChannelImpl");
        assertThat(result.leaks()).as(result.summary()).hasSize(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void leakedClientAcceptedAndServerSocketsAreEachFoundAtTheirLines(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, LeakedSockets.class);

        assertThat(result.leakAt(LeakedSockets.class, "server").type()).isEqualTo(ServerSocket.class.getName());
        assertThat(result.leakAt(LeakedSockets.class, "client").type()).isEqualTo(Socket.class.getName());
        assertThat(result.leakAt(LeakedSockets.class, "accepted").type()).isEqualTo(Socket.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(3).allMatch(l -> l.count() == 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void subclassesOfFileInputStreamAreOneFindingEachOfTheSubclassType(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, SubclassLeaks.class);

        Leak counting = result.leakAt(SubclassLeaks.class, "counting");
        assertThat(counting.type()).isEqualTo(SubclassLeaks.CountingInputStream.class.getName());
        assertThat(counting.count()).isEqualTo(1);
        Leak tracing = result.leakAt(SubclassLeaks.class, "tracing");
        assertThat(tracing.type()).isEqualTo(SubclassLeaks.TracingInputStream.class.getName());
        assertThat(tracing.count()).isEqualTo(1);
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void constructorsThatThrowLeaveNothingToReport(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ThrowingConstructors.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void fourThreadsLeakingAtOneLineAreOneFindingWithTheExactCount(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ConcurrentLeaks.class);

        Leak leak = result.leakAt(ConcurrentLeaks.class, "concurrent");
        assertThat(leak.count()).isEqualTo(2000);
        assertThat(leak.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(leak.thread()).startsWith("leaker-");
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
        LeakReport.Summary summary = result.report().summary();
        assertThat(summary.leaked()).isEqualTo(2000);
        assertThat(summary.tracked()).isGreaterThanOrEqualTo(2000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void twoCreationLinesInOneMethodReachedFromTwoCallersAreEachFoundAtTheirLineWithTheirCount(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, CallSiteLeaks.class);

        assertThat(result.leaks()).as(result.summary()).hasSize(2);
        Leak byFile = result.leakAt(CallSiteLeaks.class, "byFile");
        Leak byName = result.leakAt(CallSiteLeaks.class, "byName");
        for (Leak leak : new Leak[] {byFile, byName}) {
            assertThat(leak.type()).isEqualTo(FileInputStream.class.getName());
            assertThat(leak.kind()).isEqualTo(Leak.KIND_GC);
            assertThat(leak.site().methodName()).isEqualTo("open");
            assertThat(leak.stack().get(0).className()).isEqualTo(FileInputStream.class.getName());
        }
        assertThat(byFile.count()).isEqualTo(270);
        assertThat(byName.count()).isEqualTo(130);
        assertThat(result.report().summary().leaked()).isEqualTo(400);
        assertThat(result.report().summary().closed()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void leaksAfterConstructorsThatThrowAreFoundAtTheirOwnLines(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, LeaksAfterThrowingConstructors.class);

        Leak factory = result.leakAt(LeaksAfterThrowingConstructors.class, "factory");
        Leak direct = result.leakAt(LeaksAfterThrowingConstructors.class, "direct");
        assertThat(factory.count()).isEqualTo(3);
        assertThat(direct.count()).isEqualTo(3);
        assertThat(direct.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aCallSiteFirstReachedFromAStaticInitializerStillReportsWhatMainHoldsAtExit(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, CallSiteFirstReachedFromStaticInitializer.class);

        Leak leak = result.leakAt(CallSiteFirstReachedFromStaticInitializer.class, "site");
        assertThat(leak.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(leak.count()).isEqualTo(3);
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void streamHeldInAStaticFieldIsReportedAsOpenAtExit(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, HeldAtExit.class);

        Leak held = result.leakAt(HeldAtExit.class, "held");
        assertThat(held.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(held.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(result.report().summary().openAtExit()).isEqualTo(1);
        assertThat(result.stderr()).contains("still open at exit").contains("HeldAtExit.java:" + SourceMarkers.line(HeldAtExit.class, "held"))
                .contains(result.reportFile().toString());
    }
}
