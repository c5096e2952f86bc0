package dev.unclosed.cli;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for the HTML page's tests: Chromium without a screen, one process per page, each with a profile of
 * its own (other builds on the machine may run one at the same time). Found on the PATH as {@code chromium},
 * {@code chromium-browser} or {@code google-chrome}, or at {@code UNCLOSED_CHROMIUM}.
 */
final class HeadlessChromium {

    private static final String[] NAMES = {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"};

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The browser, or the test is skipped saying how to get one. */
    static HeadlessChromium require() {
        Path found = find();
        Assumptions.assumeTrue(found != null, "no headless Chromium on this machine, the browser tests are skipped: "
                + "install it (Debian: apt-get install -y chromium; .ci/run does) or set UNCLOSED_CHROMIUM");
        return new HeadlessChromium(found);
    }

    static Path find() {
        String explicit = System.getenv("UNCLOSED_CHROMIUM");
        if (explicit != null && !explicit.isBlank()) {
            return Files.isExecutable(Path.of(explicit)) ? Path.of(explicit) : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The DOM once the page has loaded and its script has run, as HTML. {@code fragment} may be empty. */
    String dumpDom(Path page, String fragment) throws IOException, InterruptedException {
        return run(page, fragment, "--dump-dom");
    }

    /** Writes a PNG of the page's first {@code height} pixels; returns the wall time the browser took, in ms. */
    long screenshot(Path page, String fragment, Path png, int width, int height) throws IOException, InterruptedException {
        long start = System.nanoTime();
        run(page, fragment, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars");
        return (System.nanoTime() - start) / 1_000_000;
    }

    private String run(Path page, String fragment, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("unclosed-chromium-");
        Path out = profile.resolve("stdout");
        Path err = profile.resolve("stderr");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile.resolve("profile")));
        command.addAll(List.of(args));
        command.add(page.toAbsolutePath().toUri() + (fragment.isEmpty() ? "" : "#" + fragment));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 90 s: " + command);
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        deleteQuietly(profile);
        if (process.exitValue() != 0) {
            throw new AssertionError("Chromium exited " + process.exitValue() + ": " + command + "\n" + errors);
        }
        return dom;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a profile left in the temporary directory harms nothing
        }
    }
}
