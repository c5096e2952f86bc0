package dev.unclosed.cli;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

class MergeCommandTest {

    @TempDir
    Path dir;

    @Test
    void mergingForksAddsCountsKeepsTheFirstSightingAndSumsSummaries() throws Exception {
        Path merged = dir.resolve("merged.json");

        Cli.Result result = Cli.run("merge", report("forks"), "--output", merged.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Wrote merged report of 2 reports (3 findings) to " + merged);
        LeakReport report = ReportFiles.read(merged);
        Leak exporter = report.leaks().stream().filter(l -> l.id().equals("3b8e2f90d4c1a657")).findFirst().orElseThrow();
        assertThat(exporter.count()).isEqualTo(5);
        assertThat(exporter.firstSeen()).isEqualTo("2025-03-01T11:00:04.800Z");
        assertThat(exporter.thread()).isEqualTo("ForkJoinPool.commonPool-worker-1");
        assertThat(report.summary()).isEqualTo(new LeakReport.Summary(1050, 1041, 6, 1, 0, 1));
        assertThat(report.startedAt()).isEqualTo("2025-03-01T11:00:00.100Z");
        assertThat(report.finishedAt()).isEqualTo("2025-03-01T11:00:31.700Z");
        assertThat(report.jvm().pid()).isEqualTo(61001);
    }

    @Test
    void aMergedReportChecksLikeItsInputs() {
        Path merged = dir.resolve("merged.json");
        Cli.run("merge", report("forks"), "--output", merged.toString());

        Cli.Result fromMerged = Cli.run("check", merged.toString());
        Cli.Result fromInputs = Cli.run("check", report("forks"));

        assertThat(fromMerged.exitCode()).isEqualTo(fromInputs.exitCode()).isEqualTo(1);
        assertThat(fromMerged.out().lines().skip(1).toList()).isEqualTo(fromInputs.out().lines().skip(1).toList());
    }

    @Test
    void checkJsonWritesTheSameMergedReportAsMerge() throws Exception {
        Path viaMerge = dir.resolve("a.json");
        Path viaCheck = dir.resolve("b.json");

        Cli.run("merge", report("forks"), report("leaking.json"), "--output", viaMerge.toString());
        Cli.Result check = Cli.run("check", report("forks"), report("leaking.json"), "--json", viaCheck.toString());

        assertThat(check.out()).contains("Wrote merged report to " + viaCheck);
        assertThat(Files.readString(viaCheck)).isEqualTo(Files.readString(viaMerge));
    }

    @Test
    void theOutputReplacesAnOlderFileWhole() throws Exception {
        Path merged = Files.writeString(dir.resolve("merged.json"), "stale content from an earlier build that is longer");

        Cli.run("merge", report("clean.json"), "--output", merged.toString());

        assertThat(ReportFiles.read(merged).leaks()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(merged);
        }
    }
}
