package dev.unclosed.cli;

import dev.unclosed.report.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.unclosed.cli.Cli.report;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTML page as written: what it needs, what it says, and how it is written. The browser's view: HtmlPageBrowserTest. */
class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void checkWritesThePageBesideItsVerdict() throws Exception {
        Path page = dir.resolve("leaks.html");

        Cli.Result result = Cli.run("check", report("demo.json"), "--html", page.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.LEAKS);
        assertThat(result.out()).contains("Wrote HTML report to " + page);
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("DemoApp.java:28");
    }

    @Test
    void thePageLoadsNothingFromAnywhere() throws Exception {
        Path page = dir.resolve("leaks.html");
        Cli.run("html", report("demo.json"), report("public-apis.json"), "--output", page.toString());

        String html = Files.readString(page);

        assertThat(html).doesNotContain("<link").doesNotContain(" src=").doesNotContain("url(").doesNotContain("@import");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:").doesNotContain("https:");
    }

    @Test
    void theNumberOfReportsMergedIsTheNumberOfJvms() throws Exception {
        Path page = dir.resolve("forks.html");

        Cli.run("html", report("forks"), "--output", page.toString());

        assertThat(Files.readString(page)).contains("<div class=\"stat\" id=\"stat-jvms\"><span class=\"value\">2</span>");
    }

    @Test
    void textFromTheReportCannotBecomeMarkupOrEndTheScript() throws Exception {
        Frame site = new Frame("com.acme.Evil", "open</script><script>alert(1)</script>", "Evil.java", 3);
        Path report = HandMade.write(dir, "evil.json",
                HandMade.leak("e1", "com.acme.<b>Evil</b>", "gc", 1, site, List.of(site)));
        Path page = dir.resolve("evil.html");

        Cli.run("html", report.toString(), "--output", page.toString());

        String html = Files.readString(page);
        assertThat(html).contains("com.acme.&lt;b&gt;Evil&lt;/b&gt;").doesNotContain("<b>Evil");
        assertThat(html.split("</script>", -1)).hasSize(3); // the end of the stacks' script and of the page's, no other
        assertThat(html).contains("open\\u003c/script>\\u003cscript>alert(1)\\u003c/script>");
    }

    @Test
    void aPageThatCannotBeWrittenIsOneLineAndExitCodeFour() {
        Cli.Result result = Cli.run("html", report("demo.json"), "--output", dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.CANNOT_WRITE);
        assertThat(result.err().strip()).isEqualTo("unclosed: cannot write the HTML report: " + dir
                + " is a directory; name a file instead");
    }

    @Test
    void htmlWithoutOutputIsABadCommandLine() {
        Cli.Result result = Cli.run("html", report("demo.json"));

        assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_USAGE);
    }

    @Test
    void anInvalidReportWritesNoPage() {
        Path page = dir.resolve("never.html");

        Cli.Result result = Cli.run("html", report("bad/truncated.json"), "--output", page.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(page).doesNotExist();
    }
}
