package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.ClosedByShutdownHook;
import dev.unclosed.scenarios.LogFileClosedByLogManager;
import dev.unclosed.scenarios.OpenedInShutdownHook;
import dev.unclosed.scenarios.ShutdownSlotsTaken;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.unclosed.agent.e2e.TrackingIT.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The judgment at exit runs after the application's shutdown hooks (and the JDK's, such as LogManager's), never
 * alongside them: what they close is closed, what they leave open is open at exit. Without the final sweep, which
 * would otherwise hide a race by taking its time, and several runs each, since a race shows in some runs only.
 */
class ShutdownOrderIT {

    private static final int RUNS = 5;

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatAnApplicationShutdownHookClosesIsNotReported(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            AgentRun.Result result = run(jdk, ClosedByShutdownHook.class, "finalSweep=0");

            assertThat(result.leaks()).as("run " + (i + 1) + "\n" + result.summary()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aLogFileThatLogManagerClosesAtShutdownIsNotReported(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            AgentRun.Result result = run(jdk, LogFileClosedByLogManager.class, "finalSweep=0");

            assertThat(result.leaks()).as("run " + (i + 1) + "\n" + result.summary()).isEmpty();
            assertThat(result.report().summary().closed()).as("the handler's stream and lock file").isGreaterThanOrEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatAShutdownHookLeavesOpenIsReportedAsOpenAtExit(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, OpenedInShutdownHook.class, "finalSweep=0");

        Leak late = result.leakAt(OpenedInShutdownHook.class, "late");
        assertThat(late.type()).isEqualTo(FileOutputStream.class.getName());
        assertThat(late.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(late.count()).isEqualTo(1);
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void systemExitKeepsItsExitCodeAndTheReportIsWrittenComplete(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("finalSweep=0").main(OpenedInShutdownHook.class, "3").run();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
        assertThat(result.leakAt(OpenedInShutdownHook.class, "late").kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(result.report().summary().agentErrors()).isZero();
        assertThat(result.stderr()).contains("still open at exit").contains(result.reportFile().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatAShutdownHookClosesAfterSystemExitIsNotReported(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            AgentRun.Result result = AgentRun.on(jdk).options("finalSweep=0").main(ClosedByShutdownHook.class, "3").run();

            assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
            assertThat(result.leaks()).as("run " + (i + 1) + "\n" + result.summary()).isEmpty();
        }
    }

    /** Only an agent attached late can find the slots taken: at premain, no application code has run yet. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withTheJdksShutdownSlotsTakenTheReportIsWrittenFromAnOrdinaryShutdownHook(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("slots-");
        Path report = dir.resolve("report.json");
        Path stderr = dir.resolve("stderr.txt");
        Process target = new ProcessBuilder(List.of(jdk.java().toString(), "-XX:+EnableDynamicAgentLoading",
                "--add-exports", "java.base/jdk.internal.access=ALL-UNNAMED",
                "-cp", System.getProperty("unclosed.testClasses", "target/test-classes"), ShutdownSlotsTaken.class.getName()))
                .directory(dir.toFile()).redirectError(stderr.toFile()).start();
        try {
            AttachedRun.attachThenGo(target, "report=" + report + ",debug", stderr);
        } finally {
            target.destroyForcibly();
        }

        assertThat(Files.readString(stderr)).contains("exit report as an ordinary shutdown hook");
        LeakReport written = ReportFiles.read(report);
        assertThat(written.leaks()).singleElement().satisfies(leak -> {
            assertThat(leak.type()).isEqualTo(FileInputStream.class.getName());
            assertThat(leak.site().lineNumber()).isEqualTo(SourceMarkers.line(ShutdownSlotsTaken.class, "afterAttach"));
        });
        assertThat(written.summary().agentErrors()).isZero();
    }
}
