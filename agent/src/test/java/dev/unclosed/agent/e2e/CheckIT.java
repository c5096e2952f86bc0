package dev.unclosed.agent.e2e;

import dev.unclosed.scenarios.ClosedEveryWay;
import dev.unclosed.scenarios.LeakedFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end: reports written by the agent, checked by the same jar as users run it in CI. */
class CheckIT {

    private static Jdk jdk() {
        return Jdk.all().findFirst().orElseThrow();
    }

    @Test
    void aLeakingRunFailsTheCheckWithItsSitesPrinted() throws Exception {
        AgentRun.Result run = AgentRun.on(jdk()).main(LeakedFiles.class).run();

        CheckRun check = CheckRun.of("check", run.reportFile().toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isEqualTo(1);
        assertThat(check.stdout())
                .contains("LeakedFiles.java:" + SourceMarkers.line(LeakedFiles.class, "fis"))
                .contains("LeakedFiles.java:" + SourceMarkers.line(LeakedFiles.class, "raf"))
                .contains("java.io.FileInputStream").contains("java.io.RandomAccessFile");
    }

    @Test
    void aCleanRunPassesTheCheck() throws Exception {
        AgentRun.Result run = AgentRun.on(jdk()).main(ClosedEveryWay.class).run();

        CheckRun check = CheckRun.of("check", run.reportFile().toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    }

    /** Jackson's data binding, some 300 classes, most of a small check's start, is only for a report that is not sound. */
    @Test
    void checkingSoundReportsLoadsNoDataBinding() throws Exception {
        AgentRun.Result run = AgentRun.on(jdk()).main(LeakedFiles.class).run();
        Path loaded = run.directory().resolve("classes-loaded.txt");

        CheckRun check = CheckRun.withJvmOptions(List.of("-Xlog:class+load=info:file=" + loaded), "check",
                run.reportFile().toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isEqualTo(1);
        assertThat(Files.readString(loaded)).contains("dev.unclosed.shaded.report.StreamedReportReader")
                .doesNotContain("jackson.databind.ObjectMapper ");
    }

    @Test
    void aBaselinedLeakPassesTheCheckInALaterRun() throws Exception {
        AgentRun.Result first = AgentRun.on(jdk()).main(LeakedFiles.class).run();
        Path baseline = first.directory().resolve("baseline.json");
        assertThat(CheckRun.of("baseline", first.reportFile().toString(), "--output", baseline.toString()).exitCode()).isZero();

        AgentRun.Result second = AgentRun.on(jdk()).main(LeakedFiles.class).run();
        CheckRun check = CheckRun.of("check", second.reportFile().toString(), "--baseline", baseline.toString());

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    }

    @Test
    void reportsOfSeveralForkedJvmsAreCheckedAsOneDirectory() throws Exception {
        Path reports = AgentRun.newWorkDirectory("forks-");
        for (int fork = 0; fork < 2; fork++) {
            AgentRun.on(jdk()).withoutReportOption().options("report=" + reports + "/{pid}.json").main(LeakedFiles.class).run();
        }

        CheckRun check = CheckRun.of("check", reports.toString());

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout()).contains("2 reports").contains("2 x java.io.FileInputStream");
    }

    @Test
    void aTruncatedReportIsExitTwoWithOneLineNamingIt() throws Exception {
        AgentRun.Result run = AgentRun.on(jdk()).main(LeakedFiles.class).run();
        byte[] bytes = Files.readAllBytes(run.reportFile());
        Path truncated = run.directory().resolve("truncated.json");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        CheckRun check = CheckRun.of("check", truncated.toString());

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.stderr().strip().lines()).singleElement().asString().contains(truncated.toString());
    }
}
