package dev.unclosed.cli;

import org.junit.jupiter.api.Test;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    @Test
    void aReportWithAGcLeakFailsWithExit1AndPrintsTheSite() {
        Cli.Result result = Cli.run("check", report("leaking.json"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEmpty();
        assertThat(result.out())
                .contains("InvoiceStore.java:42  com.acme.orders.InvoiceStore.load")
                .contains("FAIL     3 x java.io.BufferedReader collected without close()  [id 5f1c9a0e7b3d42a8]")
                .contains("owns java.io.InputStreamReader > java.io.FileInputStream")
                .contains("FAILED: 1 failing finding (--fail-on gc, --max 0).");
    }

    @Test
    void theSummaryShowsTheTopFiveFramesAndCountsTheRest() {
        String out = Cli.run("check", report("leaking.json")).out();

        assertThat(out)
                .contains("at com.acme.orders.InvoiceServiceTest.invoicesTheWholeMonth(InvoiceServiceTest.java:31)")
                .contains("at java.lang.reflect.Method.invoke(Method.java:580)")
                .contains("... 2 more")
                .doesNotContain("ReflectionUtils");
    }

    @Test
    void aCleanReportPassesWithExit0() {
        Cli.Result result = Cli.run("check", report("clean.json"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("1 report, 0 findings").contains("PASSED: no failing finding");
    }

    @Test
    void exitFindingsAreShownButPassByDefault() {
        Cli.Result result = Cli.run("check", report("exit-only.json"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("info     2 x java.util.zip.ZipFile still open at JVM exit")
                .contains("(does not fail: --fail-on gc)");
    }

    @Test
    void failOnExitFailsOnExitFindingsAndLetsGcFindingsPass() {
        assertThat(Cli.run("check", "--fail-on", "exit", report("exit-only.json")).exitCode()).isEqualTo(1);

        Cli.Result gcOnly = Cli.run("check", "--fail-on=exit", report("forks/fork-1.json"));
        assertThat(gcOnly.exitCode()).isZero();
        assertThat(gcOnly.out()).contains("info     2 x java.io.FileOutputStream");
    }

    @Test
    void failOnAnyFailsOnBothKinds() {
        Cli.Result result = Cli.run("check", report("leaking.json"), "--fail-on", "any");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FAILED: 2 failing findings (--fail-on any, --max 0).");
    }

    @Test
    void objectsOpenWhenAReportWasWrittenWhileTheProgramRanFailWithNoFailOn() {
        for (String failOn : new String[] {"gc", "exit", "any"}) {
            Cli.Result result = Cli.run("check", report("open-now.json"), "--fail-on", failOn);

            assertThat(result.exitCode()).as(failOn).isZero();
            assertThat(result.out()).contains("info     2 x java.util.zip.ZipFile open when the report was written");
        }
    }

    @Test
    void maxToleratesThatManyFailingFindings() {
        Cli.Result tolerated = Cli.run("check", report("forks"), "--max", "2");
        Cli.Result oneTooMany = Cli.run("check", report("forks"), "--max", "1");

        assertThat(tolerated.exitCode()).isZero();
        assertThat(tolerated.out())
                .contains("max      5 x java.io.FileOutputStream")
                .contains("(tolerated by --max 2)")
                .contains("PASSED: 2 failing findings tolerated (--fail-on gc, --max 2).");
        assertThat(oneTooMany.exitCode()).isEqualTo(1);
        assertThat(oneTooMany.out()).contains("FAILED: 2 failing findings (--fail-on gc, --max 1).");
    }

    @Test
    void baselinedFindingsPassAndEntriesNoLongerSeenAreListedAsFixed() {
        Cli.Result result = Cli.run("check", report("leaking.json"), "--baseline", report("baselines/baseline.json"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("baseline 3 x java.io.BufferedReader collected without close()")
                .contains("(in the baseline)")
                .contains("Fixed: 1 baseline entry no longer seen")
                .contains("9aa0c3e5d7f1b248  java.util.Scanner at ConfigReader.java:23 (gc)")
                .contains("1 baselined, 1 fixed");
    }

    @Test
    void aFullReportServesAsABaselineThroughItsLeakIds() {
        Cli.Result result = Cli.run("check", report("leaking.json"), "--fail-on", "any", "--baseline", report("leaking.json"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("2 baselined, 0 fixed");
    }

    @Test
    void findingsWithTheSameIdInTwoReportsAreMergedWithCountsAdded() {
        Cli.Result result = Cli.run("check", report("forks/fork-1.json"), report("forks/fork-2.json"));

        assertThat(result.out())
                .contains("2 reports, 3 findings")
                .contains("FAIL     5 x java.io.FileOutputStream collected without close()  [id 3b8e2f90d4c1a657]")
                // the stack is that of the earliest instance, seen in fork-2
                .contains("at com.acme.export.NightlyJob.run(NightlyJob.java:18)");
    }

    @Test
    void aDirectoryStandsForEveryJsonReportDirectlyInsideIt() {
        Cli.Result result = Cli.run("check", report("forks"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("2 reports, 3 findings").contains("5 x java.io.FileOutputStream");
    }

    @Test
    void aQuotedGlobIsExpandedByTheCommand() {
        Cli.Result result = Cli.run("check", Cli.REPORTS + "forks/fork-*.json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("2 reports, 3 findings");
    }

    @Test
    void aRecursiveGlobReachesIntoSubdirectories() {
        Cli.Result result = Cli.run("check", "src/test/**/fork-?.json");

        assertThat(result.out()).contains("2 reports, 3 findings");
    }

    @Test
    void aFileNamedTwiceIsReadOnce() {
        Cli.Result result = Cli.run("check", report("forks"), report("forks/fork-1.json"), Cli.REPORTS + "forks/*.json");

        assertThat(result.out()).contains("2 reports, 3 findings").contains("5 x java.io.FileOutputStream");
    }

    @Test
    void unknownExtraFieldsAreTolerated() {
        Cli.Result result = Cli.run("check", report("future-fields.json"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("Segment.java:51  com.acme.index.Segment.map");
    }

    @Test
    void aReportWithoutStacksSaysSoAndWarnsAboutSamplingAndAgentErrors() {
        String out = Cli.run("check", report("no-stacks.json")).out();

        assertThat(out)
                .contains("unknown site (stacks off)")
                .contains("(no stack: the agent ran with stacks off)")
                .contains("the agent hit 2 internal errors")
                .contains("tracked one instance in 8");
    }

    @Test
    void quietPrintsOnlyFailingFindingsAndTheVerdict() {
        Cli.Result result = Cli.run("check", "--quiet", report("leaking.json"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out())
                .contains("java.io.BufferedReader")
                .doesNotContain("java.net.Socket")
                .contains("FAILED: 1 failing finding");
    }

    @Test
    void sitesWithFailingFindingsComeFirst() {
        String out = Cli.run("check", report("forks/fork-2.json")).out();

        assertThat(out.indexOf("CsvExporter.java:73")).isLessThan(out.indexOf("Database.java:30"));
    }

    @Test
    void aFindingFromSeveralCallPathsSaysSoUnderItsStack() {
        String out = Cli.run("check", report("paths.json")).out();

        assertThat(out).contains("leaked from 3 call paths (the one shown: 2 of 4); callers unknown for 1"
                + " (the site shared one stack then); all in the report's paths");
    }

    @Test
    void aFindingFromOneCallPathSaysNothingMoreAboutPaths() {
        assertThat(Cli.run("check", report("leaking.json")).out()).doesNotContain("call paths").doesNotContain("callers unknown");
    }

    @Test
    void aResourceOpenedByOtherCodeThanItsWrapperIsShownWhereItWasOpened() {
        String out = Cli.run("check", report("wrapped.json")).out();

        assertThat(out).contains("owns sun.nio.ch.FileChannelImpl\n           sun.nio.ch.FileChannelImpl opened at"
                + " ChannelHandedToALibrary.java:19 (dev.unclosed.scenarios.ChannelHandedToALibrary.readFirstByte),"
                + " wrapped at OnceReader.java:15");
    }

    @Test
    void aResourceOpenedInItsOwnersOwnConstructorIsNotShownAgain() {
        String out = Cli.run("check", report("demo.json")).out();

        assertThat(out).contains("owns java.io.FileInputStream").doesNotContain("opened at");
    }
}
