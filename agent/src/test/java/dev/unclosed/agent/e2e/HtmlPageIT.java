package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.WrapperChains;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page of a report the agent just wrote, made by the agent jar's html command on the same JDK and opened in
 * headless Chromium (the page's own behaviour is specified in the cli module's HtmlPageBrowserTest).
 */
class HtmlPageIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRealReportsSitesCountsAndOwnershipAreOnItsPage(Jdk jdk) throws Exception {
        Path chromium = chromium();
        AgentRun.Result run = AgentRun.on(jdk).main(WrapperChains.class).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Leak reader = run.leakAt(WrapperChains.class, "bufferedReader");
        Path page = run.directory().resolve("report.html");

        RunningJvm.Cli html = RunningJvm.Cli.run(jdk, run.directory(), "html", run.reportFile().toString(), "--output", page.toString());
        assertThat(html.exitCode()).as(html.err()).isZero();
        String dom = dumpDom(chromium, page, "open=" + reader.id());

        assertThat(dom).contains("<span class=\"where\">WrapperChains.java:" + reader.site().lineNumber() + "</span>");
        assertThat(dom).contains("id=\"stat-tracked\"><span class=\"value\">" + run.report().summary().tracked() + "</span>");
        assertThat(dom).contains("id=\"stat-leaked\"><span class=\"value\">" + run.report().summary().leaked() + "</span>");
        assertThat(dom).contains("<div class=\"box root\"><span class=\"box-type\">java.io.BufferedReader</span>");
        assertThat(dom).contains("<span class=\"box-type\">java.io.FileReader</span>");
        assertThat(dom).contains("<p class=\"frame app site\">at " + reader.site() + "</p>");
        assertThat(dom).containsPattern("<details class=\"fold\" open=\"\"><summary>\\.\\.\\. \\d+ JDK frames?</summary>");
    }

    private static String dumpDom(Path chromium, Path page, String fragment) throws Exception {
        Path profile = Files.createTempDirectory(page.getParent(), "chromium-");
        Path out = profile.resolve("dom.html");
        Process process = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile.resolve("profile"), "--dump-dom",
                page.toAbsolutePath().toUri() + "#" + fragment))
                .redirectOutput(out.toFile()).redirectError(profile.resolve("stderr.txt").toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 90 s");
        }
        assertThat(process.exitValue()).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Chromium at UNCLOSED_CHROMIUM or on the PATH; skipped, saying so, without one (see docs/views.md). */
    private static Path chromium() {
        String explicit = System.getenv("UNCLOSED_CHROMIUM");
        if (explicit != null && !explicit.isBlank() && Files.isExecutable(Path.of(explicit))) {
            return Path.of(explicit);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        Assumptions.abort("no headless Chromium on this machine: install it (Debian: apt-get install -y chromium; "
                + ".ci/run does) to run the HTML page's browser tests");
        return null;
    }
}
