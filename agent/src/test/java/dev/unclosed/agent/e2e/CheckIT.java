package dev.unclosed.agent.e2e;

import dev.unclosed.scenarios.ClosedEveryWay;
import dev.unclosed.scenarios.LeakedFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4 end to end: reports written by the agent, checked by the same jar as users run it in CI. */
class CheckIT {

    private record Check(int exitCode, String stdout, String stderr) {
    }

    private static Check check(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", AgentRun.agentJar().toString()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile("check", ".out");
        Path err = Files.createTempFile("check", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Check(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Jdk jdk() {
        return Jdk.all().findFirst().orElseThrow();
    }

    @Test
    void aLeakingRunFailsTheCheckWithItsSitesPrinted() throws Exception {
        AgentRun.Result run = AgentRun.on(jdk()).main(LeakedFiles.class).run();

        Check check = check("check", run.reportFile().toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isEqualTo(1);
        assertThat(check.stdout())
                .contains("LeakedFiles.java:" + SourceMarkers.line(LeakedFiles.class, "fis"))
                .contains("LeakedFiles.java:" + SourceMarkers.line(LeakedFiles.class, "raf"))
                .contains("java.io.FileInputStream").contains("java.io.RandomAccessFile");
    }

    @Test
    void aCleanRunPassesTheCheck() throws Exception {
        AgentRun.Result run = AgentRun.on(jdk()).main(ClosedEveryWay.class).run();

        Check check = check("check", run.reportFile().toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    }

    @Test
    void aBaselinedLeakPassesTheCheckInALaterRun() throws Exception {
        AgentRun.Result first = AgentRun.on(jdk()).main(LeakedFiles.class).run();
        Path baseline = first.directory().resolve("baseline.json");
        assertThat(check("baseline", first.reportFile().toString(), "--output", baseline.toString()).exitCode()).isZero();

        AgentRun.Result second = AgentRun.on(jdk()).main(LeakedFiles.class).run();
        Check check = check("check", second.reportFile().toString(), "--baseline", baseline.toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    }

    @Test
    void reportsOfSeveralForkedJvmsAreCheckedAsOneDirectory() throws Exception {
        Path reports = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("unclosed.workDir", "target/e2e"))), "forks-");
        for (int fork = 0; fork < 2; fork++) {
            AgentRun.on(jdk()).withoutReportOption().options("report=" + reports + "/{pid}.json").main(LeakedFiles.class).run();
        }

        Check check = check("check", reports.toString());

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout()).contains("2 reports").contains("2 x java.io.FileInputStream");
    }

    @Test
    void aTruncatedReportIsExitTwoWithOneLineNamingIt() throws Exception {
        AgentRun.Result run = AgentRun.on(jdk()).main(LeakedFiles.class).run();
        byte[] bytes = Files.readAllBytes(run.reportFile());
        Path truncated = run.directory().resolve("truncated.json");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Check check = check("check", truncated.toString());

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.stderr().strip().lines()).singleElement().asString().contains(truncated.toString());
    }
}
