package dev.unclosed.cli;

import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML page as a browser shows it: pages written from golden reports the agent wrote, loaded in headless
 * Chromium, their DOM read once the page's script has run. The page's view is driven through its URL fragment, as a
 * link or a click sets it. Pages and screenshots stay under target/html-pages for a person to open.
 */
class HtmlPageBrowserTest {

    private static final Path PAGES = Path.of("target/html-pages");
    private static HeadlessChromium chromium;

    @BeforeAll
    static void browser() throws Exception {
        chromium = HeadlessChromium.require();
        Files.createDirectories(PAGES);
    }

    @Test
    void theSummaryNumbersAndEverySiteOfTheReportAreOnThePage() throws Exception {
        String dom = chromium.dumpDom(page("demo", report("demo.json")), "");

        assertThat(stat(dom, "tracked")).isEqualTo(29);
        assertThat(stat(dom, "closed")).isEqualTo(16);
        assertThat(stat(dom, "leaked")).isEqualTo(4);
        assertThat(stat(dom, "openAtExit")).isEqualTo(1);
        assertThat(stat(dom, "jvms")).isEqualTo(1);
        assertThat(stat(dom, "agentErrors")).isEqualTo(0);
        assertThat(all(dom, "<span class=\"where\">([^<]*)</span>"))
                .containsExactly("DemoApp.java:28", "DemoApp.java:34", "DemoApp.java:47");
        assertThat(dom).contains("id=\"verdict\">FAILED: 2 failing findings");
    }

    @Test
    void sitesAreSortedByCountUnlessTheFragmentAsksForTypeOrKind() throws Exception {
        Path page = page("demo", report("demo.json"));

        assertThat(siteTypes(chromium.dumpDom(page, "")))
                .containsExactly("dev.unclosed.demo.FileHandler", "java.net.Socket", "java.io.FileOutputStream");
        assertThat(siteTypes(chromium.dumpDom(page, "sort=type")))
                .containsExactly("dev.unclosed.demo.FileHandler", "java.io.FileOutputStream", "java.net.Socket");
        assertThat(siteKinds(chromium.dumpDom(page, "sort=kind"))).containsExactly("gc", "gc", "exit");
    }

    @Test
    void filteringByKindHidesTheFindingsAndSitesOfOtherKinds() throws Exception {
        String dom = chromium.dumpDom(page("demo", report("demo.json")), "kind=exit");

        assertThat(visibleFindingTypes(dom)).containsExactly("java.io.FileOutputStream");
        assertThat(dom).contains("1 of 3 findings shown");
    }

    @Test
    void filteringByTextKeepsTheFindingsThatMentionIt() throws Exception {
        String dom = chromium.dumpDom(page("demo", report("demo.json")), "q=socket");

        assertThat(visibleFindingTypes(dom)).containsExactly("java.net.Socket");
    }

    @Test
    void aFindingsStackHighlightsTheApplicationsFramesAndFoldsTheJdksUntilOpened() throws Exception {
        Path page = page("demo", report("demo.json"));

        String folded = chromium.dumpDom(page, "");
        assertThat(folded).contains("<details class=\"fold\"><summary>... 2 JDK frames</summary>");
        assertThat(folded).contains("<p class=\"frame app site\">at dev.unclosed.demo.DemoApp.main(DemoApp.java:34)</p>");
        assertThat(folded).contains("<p class=\"frame app\">at dev.unclosed.demo.FileHandler.&lt;init&gt;(FileHandler.java:18)</p>");

        String unfolded = chromium.dumpDom(page, "open=ddfed190626a295c");
        assertThat(unfolded).contains("<details class=\"fold\" open=\"\"><summary>... 2 JDK frames</summary>"
                + "<p class=\"frame lib jdk\">at java.net.Socket.&lt;init&gt;");
    }

    @Test
    void aLongPageStartsFoldedAndDrawsAStackWhenItsFindingIsOpened() throws Exception {
        Path page = page("many", manyFindings(HtmlReport.OPEN_WHEN_AT_MOST + 1));

        assertThat(chromium.dumpDom(page, "")).doesNotContain("class=\"frame");
        assertThat(chromium.dumpDom(page, "open=0000000000000007"))
                .contains("<p class=\"frame app site\">at com.acme.Store7.open(Store7.java:17)</p>");
    }

    @Test
    void whatAFindingOwnedIsDrawnAsBoxesInsideIt() throws Exception {
        String dom = chromium.dumpDom(page("demo", report("demo.json")), "");

        assertThat(dom).contains("<div class=\"box root\"><span class=\"box-type\">dev.unclosed.demo.FileHandler</span> "
                + "<span class=\"box-note\">close this</span><div class=\"box\"><span class=\"box-type\">java.io.FileInputStream</span>");
    }

    @Test
    void thePublicApiOfAnInternalTypeIsShown() throws Exception {
        String dom = chromium.dumpDom(page("public-apis", report("public-apis.json")), "");

        assertThat(dom).contains("<p class=\"api\">from java.nio.file.Files.newDirectoryStream");
    }

    @Test
    void theTestsThatLeakedAFindingAreListed() throws Exception {
        Path dir = Files.createDirectories(PAGES.resolve("tests"));
        Frame site = HandMade.frame("com.acme.Store.open(Store.java:12)");
        Path report = HandMade.write(dir, "tests.json", HandMade.leak("a1", "java.io.FileInputStream", "gc", 3, site, List.of(site),
                new dev.unclosed.report.LeakTest("[engine:junit-jupiter]/[class:com.acme.StoreTest]/[method:reads()]", "reads()",
                        "com.acme.StoreTest", "reads", 2),
                new dev.unclosed.report.LeakTest("[engine:junit-jupiter]/[class:com.acme.StoreTest]/[method:writes()]", "writes()",
                        "com.acme.StoreTest", "writes", 1)));

        String dom = chromium.dumpDom(page("tests", report.toString()), "");

        assertThat(dom).contains("<h3>Leaked by 2 tests</h3>");
        assertThat(all(dom, "<span class=\"test-name\">([^<]*)</span>"))
                .containsExactly("com.acme.StoreTest.reads", "com.acme.StoreTest.writes");
    }

    @Test
    void withABaselineItsFindingsAreMarkedAndItsFixedEntriesListed() throws Exception {
        Path page = PAGES.resolve("baseline.html");
        Cli.Result result = Cli.run("check", report("leaking.json"), "--baseline", report("baselines/baseline.json"),
                "--html", page.toString());
        assertThat(result.out()).contains("Wrote HTML report to " + page);

        String dom = chromium.dumpDom(page, "");

        assertThat(dom).contains("<span class=\"status s-baselined\">baseline</span>");
        assertThat(dom).contains("<section id=\"fixed\"><h2>Fixed since the baseline</h2>");
    }

    /**
     * A page of 5,000 findings renders them all. Its time is printed, for docs/views.md, not asserted: this machine is
     * shared, and speed is measured apart from the tests.
     */
    @Test
    void aPageOfFiveThousandFindingsShowsThemAllAndSaysHowLongItTook() throws Exception {
        Path page = page("five-thousand", manyFindings(5000));

        String dom = chromium.dumpDom(page, "");
        long readyMs = Long.parseLong(first(dom, "data-ready-ms=\"(\\d+)\""));
        long screenshotMs = chromium.screenshot(page, "", PAGES.resolve("five-thousand.png"), 1200, 900);
        long browserOnlyMs = chromium.screenshot(page("demo", report("demo.json")), "", PAGES.resolve("demo-small.png"), 1200, 900);
        System.out.printf("HTML page of 5000 findings (%d KB): script done %d ms after navigation; headless screenshot %d ms "
                        + "(the same browser on the 3-finding demo page: %d ms)%n",
                Files.size(page) / 1024, readyMs, screenshotMs, browserOnlyMs);

        assertThat(dom).contains("5000 of 5000 findings shown");
        assertThat(readyMs).as("the page records when its script was done").isPositive();
    }

    @Test
    void aScreenshotOfTheDemoPageIsKeptForAPerson() throws Exception {
        Path png = PAGES.resolve("demo.png");
        Files.deleteIfExists(png);

        chromium.screenshot(page("demo", report("demo.json")), "", png, 1200, 1000);

        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    // --- helpers

    private static Path page(String name, String... reports) {
        Path page = PAGES.resolve(name + ".html");
        List<String> args = new ArrayList<>(List.of("html"));
        args.addAll(List.of(reports));
        args.addAll(List.of("--output", page.toString()));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return page;
    }

    /** A report of {@code n} findings at distinct sites of an application, each under a few JDK frames. */
    private static String manyFindings(int n) throws Exception {
        Path dir = Files.createDirectories(PAGES.resolve("many-" + n));
        List<Leak> leaks = new ArrayList<>();
        String[] types = {"java.io.FileInputStream", "java.net.Socket", "java.nio.channels.FileChannel", "com.acme.Handle"};
        String[] kinds = {"gc", "exit", "gc", "open"};
        for (int i = 0; i < n; i++) {
            Frame site = new Frame("com.acme.Store" + i, "open", "Store" + i + ".java", 17);
            List<Frame> stack = List.of(new Frame("java.io.FileInputStream", "<init>", "FileInputStream.java", 157),
                    new Frame("java.io.FileInputStream", "<init>", "FileInputStream.java", 112), site,
                    new Frame("com.acme.Service", "handle", "Service.java", 40 + i % 7),
                    new Frame("com.acme.Main", "main", "Main.java", 9),
                    new Frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", "DirectMethodHandleAccessor.java", 103));
            leaks.add(new Leak(String.format("%016d", i), types[i % types.length], kinds[i % kinds.length], 1 + i % 13, site,
                    stack, List.of(), "main", "2025-03-01T10:00:01Z"));
        }
        LeakReport report = new LeakReport(LeakReport.SCHEMA_VERSION, new LeakReport.Tool("unclosed", "0.1.0"),
                new LeakReport.Jvm("17.0.15", "Eclipse Adoptium", 4242), "2025-03-01T10:00:00Z", "2025-03-01T10:00:09Z",
                java.util.Map.of(), new LeakReport.Summary(100_000, 90_000, n, 0, 0, 1), leaks);
        Path file = dir.resolve("report.json");
        ReportFiles.write(report, file);
        return file.toString();
    }

    private static long stat(String dom, String id) {
        return Long.parseLong(first(dom, "id=\"stat-" + id + "\"><span class=\"value\">(\\d+)</span>"));
    }

    private static List<String> siteTypes(String dom) {
        return all(dom, "<section class=\"site\"[^>]*data-type=\"([^\"]*)\"");
    }

    private static List<String> siteKinds(String dom) {
        return all(dom, "<section class=\"site\"[^>]*data-kind=\"([^\"]*)\"");
    }

    private static List<String> visibleFindingTypes(String dom) {
        List<String> types = new ArrayList<>();
        Matcher m = Pattern.compile("<details class=\"finding\"([^>]*)>").matcher(dom);
        while (m.find()) {
            if (!m.group(1).contains("hidden")) {
                types.add(first(m.group(1), "data-type=\"([^\"]*)\""));
            }
        }
        return types;
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in the page", regex).isTrue();
        return m.group(1);
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
