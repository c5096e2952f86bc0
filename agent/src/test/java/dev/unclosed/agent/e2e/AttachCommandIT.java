package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.RunningService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attaching to a running program: through jcmd or {@code java -jar unclosed-agent.jar attach PID}, and asking the
 * loaded agent for a report with {@code report PID}. Whatever is asked, the program runs on.
 */
class AttachCommandIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anUnknownOptionThroughJcmdRefusesTheAgentAndTheProgramRunsOn(Jdk jdk) throws Exception {
        try (RunningJvm target = start(jdk, null)) {
            String jcmd = jcmd(jdk, target, AgentRun.agentJar().toString(), "stackdepth");

            assertThat(jcmd).doesNotContain("return code: 0");
            assertRunsOnToItsEndWithoutReport(target);
            assertThat(target.stderr()).contains("unclosed: not loaded, the program runs on without it: unknown option 'stackdepth'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aReportOptionThroughJcmdRefusesTheAgentAndTheProgramRunsOn(Jdk jdk) throws Exception {
        try (RunningJvm target = start(jdk, null)) {
            jcmd(jdk, target, AgentRun.agentJar().toString(), "report=" + target.directory().resolve("r.json"));

            assertRunsOnToItsEndWithoutReport(target);
            assertThat(target.stderr()).contains("unclosed: not loaded, the program runs on without it: option 'report' needs a value");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAttachCommandLoadsTheAgentWithItsOptionsCommasIncluded(Jdk jdk) throws Exception {
        try (RunningJvm target = start(jdk, null)) {
            Path report = target.directory().resolve("r.json");

            RunningJvm.Cli attach = RunningJvm.Cli.run(jdk, target.directory(), "attach", Long.toString(target.pid()),
                    "report=" + report + ",stackDepth=4");

            assertThat(attach.exitCode()).as(attach.err()).isZero();
            assertThat(attach.out()).contains("Loaded unclosed").contains("into process " + target.pid());
            work(target);
            target.send("exit");
            assertThat(target.waitFor()).isZero();
            AgentRun.Result result = result(target, report);
            assertThat(result.leakAt(RunningService.class, "dropped").kind()).isEqualTo(Leak.KIND_GC);
            assertThat(result.leakAt(RunningService.class, "held").kind()).isEqualTo(Leak.KIND_EXIT);
            assertThat(result.report().options()).containsEntry("stackDepth", "4");
            assertThat(result.report().summary().agentErrors()).isZero();
            assertThat(target.stderr()).as("no warning from the JVM (the jar's Boot-Class-Path is not used on attach)")
                    .doesNotContainIgnoringCase("warning");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aBadOptionThroughTheAttachCommandIsNamedOnBothSidesAndTheProgramRunsOn(Jdk jdk) throws Exception {
        try (RunningJvm target = start(jdk, null)) {
            RunningJvm.Cli attach = RunningJvm.Cli.run(jdk, target.directory(), "attach", Long.toString(target.pid()),
                    "stackdepth=4");

            assertThat(attach.exitCode()).isEqualTo(3);
            assertThat(attach.err()).contains("unclosed: not loaded, the program runs on without it: unknown option 'stackdepth'");
            assertRunsOnToItsEndWithoutReport(target);
            assertThat(target.stderr()).contains("unknown option 'stackdepth'").doesNotContain("Exception");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void attachingTwiceSaysTheAgentIsLoadedAndChangesNothing(Jdk jdk) throws Exception {
        try (RunningJvm target = start(jdk, null)) {
            Path first = target.directory().resolve("first.json");
            Path second = target.directory().resolve("second.json");
            RunningJvm.Cli.run(jdk, target.directory(), "attach", Long.toString(target.pid()), "report=" + first);

            RunningJvm.Cli again = RunningJvm.Cli.run(jdk, target.directory(), "attach", Long.toString(target.pid()),
                    "report=" + second);

            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("is already loaded in process " + target.pid() + "; nothing changed");
            target.send("exit");
            assertThat(target.waitFor()).isZero();
            assertThat(first).exists();
            assertThat(second).doesNotExist();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theReportCommandWritesWhatLeakedSoFarAndWhatIsOpenNowAndTheProgramRunsOn(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("report-now-");
        Path atExit = dir.resolve("exit.json");
        try (RunningJvm target = RunningJvm.start(jdk, dir, "report=" + atExit, RunningService.class)) {
            target.awaitLine("ready ");
            work(target);
            Path now = dir.resolve("now.json");

            RunningJvm.Cli report = RunningJvm.Cli.run(jdk, dir, "report", Long.toString(target.pid()), "--output", now.toString());

            assertThat(report.exitCode()).as(report.err()).isZero();
            assertThat(report.out()).contains("Wrote the report of process " + target.pid() + " to " + now);
            AgentRun.Result written = result(target, now);
            assertThat(written.leakAt(RunningService.class, "dropped").kind()).isEqualTo(Leak.KIND_GC);
            Leak open = written.leakAt(RunningService.class, "held");
            assertThat(open.kind()).isEqualTo(Leak.KIND_OPEN);
            assertThat(open.type()).isEqualTo(FileInputStream.class.getName());
            assertThat(open.count()).isEqualTo(1);
            assertThat(written.report().summary().agentErrors()).isZero();
            assertThat(target.isAlive()).isTrue();
            target.send("exit");
            assertThat(target.waitFor()).isZero();
            assertThat(result(target, atExit).leakAt(RunningService.class, "held").kind()).isEqualTo(Leak.KIND_EXIT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theReportCommandSaysSoWhenTheAgentIsNotLoaded(Jdk jdk) throws Exception {
        try (RunningJvm target = start(jdk, null)) {
            Path now = target.directory().resolve("now.json");

            RunningJvm.Cli report = RunningJvm.Cli.run(jdk, target.directory(), "report", Long.toString(target.pid()),
                    "--output", now.toString());

            assertThat(report.exitCode()).isEqualTo(2);
            assertThat(report.err()).contains("the agent is not loaded in this JVM; attach it first");
            assertThat(now).doesNotExist();
            assertRunsOnToItsEndWithoutReport(target);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theReportCommandSaysSoWhenItsFileCannotBeWritten(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("report-now-");
        try (RunningJvm target = RunningJvm.start(jdk, dir, "report=" + dir.resolve("exit.json"), RunningService.class)) {
            target.awaitLine("ready ");

            RunningJvm.Cli report = RunningJvm.Cli.run(jdk, dir, "report", Long.toString(target.pid()), "--output", dir.toString());

            assertThat(report.exitCode()).isEqualTo(4);
            assertThat(report.err().strip()).isEqualTo("unclosed: cannot write the report: " + dir + " is a directory; name a file instead");
        }
    }

    private static RunningJvm start(Jdk jdk, String agentOptions) throws IOException {
        RunningJvm target = RunningJvm.start(jdk, AgentRun.newWorkDirectory("attach-"), agentOptions, RunningService.class);
        target.awaitLine("ready ");
        return target;
    }

    private static void work(RunningJvm target) throws IOException {
        target.send("work");
        target.awaitLine("done");
    }

    private static void assertRunsOnToItsEndWithoutReport(RunningJvm target) throws Exception {
        work(target);
        target.send("exit");
        assertThat(target.waitFor()).as(target.stderr()).isZero();
        try (Stream<Path> files = Files.list(target.directory())) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).isEmpty();
        }
    }

    private static String jcmd(Jdk jdk, RunningJvm target, String... arguments) throws Exception {
        Path out = target.directory().resolve("jcmd.txt");
        Process jcmd = new ProcessBuilder(Stream.concat(Stream.of(jdk.home().resolve("bin/jcmd").toString(),
                Long.toString(target.pid()), "JVMTI.agent_load"), Stream.of(arguments)).toList())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        jcmd.waitFor();
        return Files.readString(out);
    }

    private static AgentRun.Result result(RunningJvm target, Path report) throws IOException {
        return new AgentRun.Result(List.of(), 0, "", target.stderr(), target.directory(), report);
    }
}
