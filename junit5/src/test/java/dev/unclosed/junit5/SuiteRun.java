package dev.unclosed.junit5;

import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Runs test classes in a forked JVM on the JUnit Platform, under the built agent (or without), and reads back what happened. */
final class SuiteRun {

    private final Jdk jdk;
    private final List<String> jvmOptions = new ArrayList<>();
    private boolean agent = true;

    private SuiteRun(Jdk jdk) {
        this.jdk = jdk;
    }

    static SuiteRun on(Jdk jdk) {
        return new SuiteRun(jdk);
    }

    /** A system property, which the JUnit Platform also reads as a configuration parameter. */
    SuiteRun property(String name, String value) {
        jvmOptions.add("-D" + name + "=" + value);
        return this;
    }

    SuiteRun withoutAgent() {
        agent = false;
        return this;
    }

    Result run(Class<?>... testClasses) throws Exception {
        Path work = Paths.get(System.getProperty("unclosed.workDir", "target/e2e"));
        Files.createDirectories(work);
        Path dir = Files.createTempDirectory(work, testClasses[0].getSimpleName() + "-");
        Path report = dir.resolve("report.json");
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        if (agent) {
            command.add("-javaagent:" + agentJar() + "=report=" + report);
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RunSuite.class.getName());
        for (Class<?> c : testClasses) {
            command.add(c.getName());
        }
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the suite did not end within 120 s: " + dir);
        }
        String stdout = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
        String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        LeakReport parsed = Files.exists(report) ? ReportFiles.read(report) : null;
        return new Result(process.exitValue(), stdout, stderr, parsed, dir);
    }

    /** The agent jar the junit5 module depends on: the one built in this reactor. */
    static Path agentJar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Paths.get(entry);
            if (path.getFileName() != null && path.getFileName().toString().startsWith("unclosed-agent")
                    && entry.endsWith(".jar") && !path.getFileName().toString().contains("bootstrap")) {
                return path;
            }
        }
        throw new AssertionError("no unclosed-agent jar on the class path: " + System.getProperty("java.class.path"));
    }

    record Result(int exitCode, String stdout, String stderr, LeakReport report, Path dir) {

        /** Each test's status by display name, from {@link RunSuite}'s lines. */
        Map<String, String> statuses() {
            Map<String, String> statuses = new TreeMap<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ", 4);
                    statuses.put(parts[1], parts[2]);
                }
            }
            return statuses;
        }

        /** The failure message of a test, by display name, newlines restored. */
        String message(String displayName) {
            for (String line : stdout.split("\n")) {
                if (line.startsWith("RESULT " + displayName + " ")) {
                    String[] parts = line.split(" ", 4);
                    return parts.length < 4 ? "" : parts[3].replace("\\n", "\n");
                }
            }
            throw new AssertionError("no test " + displayName + " in " + Arrays.asList(stdout.split("\n")));
        }

        /** The same run with the report read from another file of its directory (an agent it loaded itself). */
        Result readReport(String name) throws Exception {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                throw new AssertionError("no report " + file + "\n" + this);
            }
            return new Result(exitCode, stdout, stderr, ReportFiles.read(file), dir);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " in " + dir + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
