package dev.unclosed.agent.e2e;

import dev.unclosed.report.InvalidReportException;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;
import dev.unclosed.scenarios.LeakedFiles;
import dev.unclosed.scenarios.LeaksUntilKilled;
import dev.unclosed.scenarios.RunningService;
import dev.unclosed.scenarios.ThrowsFromMain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The report is there, whole, however the program ends: killed, halted, signalled, or failing in main. */
class ReportDurabilityIT {

    /** How long each JDK's run of kills lasts, in all. */
    private static final long KILLING_MILLIS = 12_000;

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aJvmKilledAtAnyMomentLeavesNoReportOrAWholeOneNeverAPartOne(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("killed-");
        Path report = dir.resolve("report.json");
        Set<Long> reportedPids = new HashSet<>();
        long end = System.nanoTime() + KILLING_MILLIS * 1_000_000;
        int kills = 0;
        while (System.nanoTime() < end || kills < 6) { // a loaded machine starts JVMs slowly: at least six, however long
            try (RunningJvm jvm = RunningJvm.start(jdk, dir, "report=" + report + ",flushInterval=10ms", LeaksUntilKilled.class)) {
                jvm.awaitLine("running"); // main runs: from here on, on a loaded machine too, the report is rewritten
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, 800));
                jvm.kill();
                kills++;
                if (Files.exists(report)) {
                    try {
                        reportedPids.add(ReportFiles.read(report).jvm().pid());
                    } catch (InvalidReportException e) {
                        throw new AssertionError("after kill " + kills + ", " + e.getMessage() + "\nstderr:\n" + jvm.stderr());
                    }
                }
            }
        }
        assertThat(kills).isGreaterThan(5);
        assertThat(reportedPids).as("reports rewritten while the programs ran, by " + kills + " killed JVMs").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void runtimeHaltLeavesTheLastReportWrittenWhileTheProgramRan(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("flushInterval=100ms").main(LeaksUntilKilled.class, "halt", "1500").run();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(7);
        // Dropped streams the collector has not taken yet are open at that moment, and listed as such too.
        assertThat(result.leaksAt(LeaksUntilKilled.class, "dropped")).extracting(Leak::kind).contains(Leak.KIND_GC);
        assertThat(result.leakAt(LeaksUntilKilled.class, "held").kind()).isEqualTo(Leak.KIND_OPEN);
        assertThat(result.report().summary().agentErrors()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutFlushIntervalAHaltedJvmLeavesNoReport(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).main(LeaksUntilKilled.class, "halt", "800").run();

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.reportFile()).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anUncaughtExceptionInMainStillWritesTheReport(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).main(ThrowsFromMain.class).run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("IllegalStateException: the scenario fails on purpose");
        assertThat(result.leakAt(ThrowsFromMain.class, "held").kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(result.report().summary().agentErrors()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sigtermWritesTheReport(Jdk jdk) throws Exception {
        AgentRun.Result result = signalled(jdk, "TERM", 15);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(143);
        assertThat(result.leakAt(RunningService.class, "held").kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(result.leakAt(RunningService.class, "dropped").kind()).isEqualTo(Leak.KIND_GC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sigintWritesTheReport(Jdk jdk) throws Exception {
        AgentRun.Result result = signalled(jdk, "INT", 2);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(130);
        assertThat(result.leakAt(RunningService.class, "held").kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(result.leakAt(RunningService.class, "dropped").kind()).isEqualTo(Leak.KIND_GC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aReportPathThatIsADirectoryIsSaidAtStartInOneLineAndTheProgramRunsOn(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("unwritable-");

        AgentRun.Result result = AgentRun.on(jdk).withoutReportOption().options("report=" + dir).main(LeakedFiles.class).run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.directory().resolve("data.txt")).as("main ran").exists();
        assertThat(result.stderr()).startsWith("unclosed: the report " + dir + " is a directory; name a file instead (option report=)"
                + System.lineSeparator());
        assertThat(result.stderr()).doesNotContain("Exception").doesNotContain(".tmp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aReportDirectoryThatCannotBeCreatedIsSaidAtStart(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("unwritable-");
        Path file = Files.writeString(dir.resolve("plain"), "x");

        AgentRun.Result result = AgentRun.on(jdk).withoutReportOption().options("report=" + file.resolve("sub/r.json"))
                .main(LeakedFiles.class).run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).startsWith("unclosed: the report " + file.resolve("sub/r.json") + " cannot be written: "
                + file + " is a file, not a directory; choose another path (option report=)" + System.lineSeparator());
    }

    private static AgentRun.Result signalled(Jdk jdk, String signal, int number) throws Exception {
        Path dir = AgentRun.newWorkDirectory("signal-" + signal + "-");
        Path report = dir.resolve("report.json");
        try (RunningJvm jvm = RunningJvm.start(jdk, dir, "report=" + report, RunningService.class)) {
            jvm.awaitLine("ready ");
            assumeFalse(jvm.ignores(number), "SIG" + signal + " is ignored by processes this build starts");
            jvm.send("work");
            jvm.awaitLine("done");

            jvm.signal(signal);

            int exitCode = jvm.waitFor();
            return new AgentRun.Result(List.of("kill -" + signal), exitCode, "", jvm.stderr(), dir, report);
        }
    }
}
