package dev.unclosed.cli;

import dev.unclosed.report.Frame;
import dev.unclosed.report.LeakApi;
import dev.unclosed.report.LeakReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    @TempDir
    Path dir;

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
    void theStackShowsTheApplicationsFramesOutToTheTestMethodAndFoldsTheRunnersFrames() {
        String out = Cli.run("check", report("leaking.json")).out();

        assertThat(out).contains("""
                           at com.acme.orders.InvoiceStore.load(InvoiceStore.java:42)
                           at com.acme.orders.InvoiceService.invoiceFor(InvoiceService.java:88)
                           at com.acme.orders.InvoiceServiceTest.invoicesTheWholeMonth(InvoiceServiceTest.java:31)
                           ... 4 frames
                """).doesNotContain("Method.invoke").doesNotContain("ReflectionUtils");
    }

    @Test
    void theJdksOwnConstructorFramesAreFoldedSoTheUsersLineShows() throws Exception {
        List<Frame> stack = HandMade.stack(
                "java.util.zip.ZipFile$Source.<init>(ZipFile.java:1286)",
                "java.util.zip.ZipFile$CleanableResource.<init>(ZipFile.java:742)",
                "java.util.zip.ZipFile.<init>(ZipFile.java:251)",
                "java.util.zip.ZipFile.<init>(ZipFile.java:180)",
                "java.util.jar.JarFile.<init>(JarFile.java:346)",
                "demo.Main.openJar(Main.java:43)",
                "demo.Main.main(Main.java:12)");
        Path file = HandMade.write(dir, "jar.json",
                HandMade.leak("j1", "java.util.jar.JarFile", "gc", 1, stack.get(5), stack));

        assertThat(Cli.run("check", file.toString()).out()).contains("""
                           ... 5 JDK frames
                           at demo.Main.openJar(Main.java:43)
                           at demo.Main.main(Main.java:12)
                """);
    }

    @Test
    void aLibrarysFramesUnderAJavaxOrComSunNameAreShownNotFoldedAsTheJdks() throws Exception {
        List<Frame> stack = HandMade.stack(
                "java.net.Socket.<init>(Socket.java:233)",
                "javax.net.SocketFactory.createSocket(SocketFactory.java:125)",
                "com.sun.mail.util.SocketFetcher.createSocket(SocketFetcher.java:335)",
                "com.sun.mail.smtp.SMTPTransport.openServer(SMTPTransport.java:2123)",
                "demo.Mailer.send(Mailer.java:27)",
                "demo.Main.main(Main.java:9)");
        Path file = HandMade.write(dir, "mail.json",
                HandMade.leak("m1", "java.net.Socket", "gc", 1, stack.get(4), stack));

        assertThat(Cli.run("check", file.toString()).out()).contains("""
                           ... 2 JDK frames
                           at com.sun.mail.util.SocketFetcher.createSocket(SocketFetcher.java:335)
                           at com.sun.mail.smtp.SMTPTransport.openServer(SMTPTransport.java:2123)
                           at demo.Mailer.send(Mailer.java:27)
                           at demo.Main.main(Main.java:9)
                """);
    }

    @Test
    void underSurefireTheTestMethodShowsAndTheRunnersFramesAreOneLine() throws Exception {
        List<Frame> stack = new ArrayList<>(HandMade.stack(
                "java.io.FileInputStream.<init>(FileInputStream.java:152)",
                "com.acme.Store.open(Store.java:20)",
                "com.acme.StoreTest.opens(StoreTest.java:14)",
                "jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
                "java.lang.reflect.Method.invoke(Method.java:580)"));
        for (int i = 0; i < 25; i++) {
            stack.add(HandMade.frame(i % 2 == 0
                    ? "org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:" + (700 + i) + ")"
                    : "org.apache.maven.surefire.junitplatform.JUnitPlatformProvider.invoke(JUnitPlatformProvider.java:" + i + ")"));
        }
        Path file = HandMade.write(dir, "surefire.json",
                HandMade.leak("s1", "java.io.FileInputStream", "gc", 1, stack.get(1), stack));

        assertThat(Cli.run("check", file.toString()).out()).contains("""
                           ... 1 JDK frame
                           at com.acme.Store.open(Store.java:20)
                           at com.acme.StoreTest.opens(StoreTest.java:14)
                           ... 27 frames
                """);
    }

    @Test
    void sitesAreSortedByFileThenLineAsANumber() throws Exception {
        Path file = HandMade.write(dir, "lines.json",
                HandMade.leak("a1", "java.io.FileInputStream", "gc", "demo.Main.a(Main.java:108)"),
                HandMade.leak("a2", "java.io.FileInputStream", "gc", "demo.Main.b(Main.java:43)"),
                HandMade.leak("a3", "java.io.FileInputStream", "gc", "demo.Aux.c(Aux.java:200)"));

        String out = Cli.run("check", file.toString()).out();

        assertThat(out.indexOf("Aux.java:200")).isLessThan(out.indexOf("Main.java:43"));
        assertThat(out.indexOf("Main.java:43")).isLessThan(out.indexOf("Main.java:108"));
    }

    @Test
    void findingsThatDoNotFailAreCountedAsShownNotFailing() {
        assertThat(Cli.run("check", report("leaking.json")).out())
                .contains("Totals: 2 findings: 1 failing, 1 shown, not failing (--fail-on gc).");
    }

    @Test
    void aFindingOfAKindFromANewerAgentIsShownAndPasses() throws Exception {
        Path file = HandMade.write(dir, "snapshot.json",
                HandMade.leak("n1", "java.io.FileInputStream", "snapshot", "demo.Main.a(Main.java:43)"));

        Cli.Result result = Cli.run("check", file.toString(), "--fail-on", "any");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("info     1 x java.io.FileInputStream reported as kind snapshot  [id n1]");
    }

    @Test
    void aKindFromANewerAgentFailsWhenNamedInFailOn() throws Exception {
        Path file = HandMade.write(dir, "snapshot.json",
                HandMade.leak("n1", "java.io.FileInputStream", "snapshot", "demo.Main.a(Main.java:43)"));

        assertThat(Cli.run("check", file.toString(), "--fail-on", "gc,snapshot").exitCode()).isEqualTo(1);
    }

    @Test
    void aBaselinePassedAsAReportIsRecognised() {
        Cli.Result result = Cli.run("check", report("baselines/baseline.json"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("unclosed: " + report("baselines/baseline.json")
                + ": this is a baseline; pass it with --baseline\n");
    }

    @Test
    void theTestsThatLeakedAFindingAreNamedUnderItAFewThenCounted() throws Exception {
        Path file = HandMade.write(dir, "tests.json", JUnitOutputTest.withTests("t1", "com.acme.Store.open(Store.java:20)",
                JUnitOutputTest.test("com.acme.FooTest", "reads", 2), JUnitOutputTest.test("com.acme.FooTest", "writes", 1),
                JUnitOutputTest.test("com.acme.BarTest", "opens", 1), JUnitOutputTest.test("com.acme.BarTest", "closes", 1),
                JUnitOutputTest.test("com.acme.BazTest", "runs", 1)));

        assertThat(Cli.run("check", file.toString()).out()).contains("leaked by 5 tests: com.acme.FooTest.reads (2), "
                + "com.acme.FooTest.writes (1), com.acme.BarTest.opens (1) and 2 more\n");
    }

    @Test
    void anInternalTypeIsShownWithThePublicCallAndTypeTheUserKnows() throws Exception {
        Frame site = HandMade.frame("demo.Main.list(Main.java:7)");
        Path file = HandMade.write(dir, "api.json", HandMade.leak("d1", "sun.nio.fs.UnixSecureDirectoryStream", "gc", 1, site,
                List.of(HandMade.frame("java.nio.file.Files.newDirectoryStream(Files.java:482)"), site))
                .withApi(new LeakApi("java.nio.file.Files.newDirectoryStream", "java.nio.file.DirectoryStream")));

        assertThat(Cli.run("check", file.toString()).out()).contains("""
                  FAIL     1 x sun.nio.fs.UnixSecureDirectoryStream collected without close()  [id d1]
                           from java.nio.file.Files.newDirectoryStream (a java.nio.file.DirectoryStream)
                """);
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

    @Test
    void saysWhichKindsOfAgentErrorsHappenedAndHowManyObjectsWentUntrackedBeyondTheCap() throws Exception {
        LeakReport report = new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", "0.1.0"),
                new LeakReport.Jvm("17.0.15", "Debian", 1), "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z",
                java.util.Map.of(), new LeakReport.Summary(100, 90, 0, 0, 3, 1, 2500L, List.of(
                        new LeakReport.AgentErrorKind("tracker", 2, "java.lang.IllegalStateException: boom"),
                        new LeakReport.AgentErrorKind("transform", 1, null))), List.of());
        Path file = dir.resolve("capped.json");
        dev.unclosed.report.ReportFiles.write(report, file);

        String out = Cli.run("check", file.toString()).out();

        assertThat(out)
                .contains("the agent hit 3 internal errors")
                .contains("  tracker x2, first: java.lang.IllegalStateException: boom")
                .contains("  transform x1" + System.lineSeparator())
                .contains("Note: 2500 objects were not tracked, beyond the agent's maxTracked cap");
    }
}
