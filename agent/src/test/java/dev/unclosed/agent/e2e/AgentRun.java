package dev.unclosed.agent.e2e;

import dev.unclosed.report.InvalidReportException;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a scenario's {@code main} in a forked JVM under the freshly built agent jar and reads the report it wrote.
 * This is how users run unclosed, so it is how every behaviour is checked.
 */
public final class AgentRun {

    private static final long TIMEOUT_SECONDS = 120;
    /** The two ways to load the agent at start; the same Java agent, see docs/ci.md. */
    public static final String JAVAAGENT = "-javaagent:";
    public static final String AGENTLIB = "-agentlib:instrument=";

    private final Jdk jdk;
    private final List<String> agentOptions = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> jvmOptionsBeforeAgent = new ArrayList<>();
    private Class<?> mainClass;
    private final List<String> arguments = new ArrayList<>();
    private List<Path> classpath = List.of(testClasses());
    private boolean withReportOption = true;
    /** Run with {@code java -jar} instead of a main class on a class path; null otherwise. */
    private Path mainJar;
    /** The agent jar given to -javaagent: the built one, or a copy under another name. */
    private Path agent = agentJar();
    private String agentFlag = suiteAgentFlag();

    private AgentRun(Jdk jdk) {
        this.jdk = jdk;
    }

    public static AgentRun on(Jdk jdk) {
        return new AgentRun(jdk);
    }

    /** A fresh directory under the build's end-to-end work directory, kept after the run for inspection. */
    public static Path newWorkDirectory(String prefix) throws IOException {
        Path work = Files.createDirectories(Paths.get(System.getProperty("unclosed.workDir", "target/e2e")));
        return Files.createTempDirectory(work, prefix);
    }

    public static Path agentJar() {
        return Paths.get(System.getProperty("unclosed.agentJar", "target/unclosed-agent.jar")).toAbsolutePath();
    }

    /**
     * How the JVMs of these tests load the agent: {@code -javaagent:} unless the build says
     * {@code -Dunclosed.agentFlag=agentlib} ({@code -agentlib:instrument=}, as the Maven plugin attaches it): the whole
     * suite runs in either form.
     */
    static String suiteAgentFlag() {
        return "agentlib".equals(System.getProperty("unclosed.agentFlag")) ? AGENTLIB : JAVAAGENT;
    }

    /** Loads the agent with this flag ({@link #JAVAAGENT} or {@link #AGENTLIB}), whatever the suite's form. */
    public AgentRun agentFlag(String flag) {
        this.agentFlag = flag;
        return this;
    }

    /** Runs with this copy of the agent jar (under another name) instead of the built one. */
    public AgentRun agentJar(Path copy) {
        this.agent = copy;
        return this;
    }

    /** Agent options such as {@code strict} or {@code stackDepth=0}, added after {@code report=}. */
    public AgentRun options(String... options) {
        agentOptions.addAll(List.of(options));
        return this;
    }

    /** JVM options put before unclosed's -javaagent (another agent that must start first). */
    public AgentRun jvmOptionsBeforeAgent(String... options) {
        jvmOptionsBeforeAgent.addAll(List.of(options));
        return this;
    }

    public AgentRun jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Leaves the report option to the caller (to test its default or {pid}). */
    public AgentRun withoutReportOption() {
        withReportOption = false;
        return this;
    }

    /** The scenario classes' directory, as the build compiled them. */
    public static Path testClasses() {
        return Paths.get(System.getProperty("unclosed.testClasses", "target/test-classes"));
    }

    /**
     * A jar on this test JVM's own class path (a test dependency such as a JDBC driver), found by a part of its
     * path such as {@code /com/h2database/h2/}.
     */
    public static Path testDependency(String pathPart) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.replace(File.separatorChar, '/').contains(pathPart) && entry.endsWith(".jar")) {
                return Paths.get(entry);
            }
        }
        throw new AssertionError("no jar with " + pathPart + " on the test class path: " + System.getProperty("java.class.path"));
    }

    /** The scenario's class path, in this order (the first entry that has a class wins), instead of the test classes. */
    public AgentRun classpath(Path... entries) {
        this.classpath = List.of(entries);
        return this;
    }

    /** Runs {@code java -jar jar} (its manifest names the main class and its class path) instead of a main class. */
    public AgentRun mainJar(Path jar, String... arguments) {
        this.mainJar = jar;
        this.arguments.addAll(List.of(arguments));
        return this;
    }

    public AgentRun main(Class<?> mainClass, String... arguments) {
        this.mainClass = mainClass;
        this.arguments.addAll(List.of(arguments));
        return this;
    }

    public Result run() throws IOException, InterruptedException {
        return run(mainClass != null ? mainClass.getName() : mainJar.getFileName().toString().replace(".jar", ""));
    }

    public Result run(String mainClassName) throws IOException, InterruptedException {
        Path dir = newWorkDirectory(mainClassName.substring(mainClassName.lastIndexOf('.') + 1) + "-");
        Path report = dir.resolve("report.json");
        List<String> options = new ArrayList<>();
        if (withReportOption) {
            options.add("report=" + report);
        }
        options.addAll(agentOptions);
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(jvmOptionsBeforeAgent);
        command.add(agentFlag + agent.toAbsolutePath() + (options.isEmpty() ? "" : "=" + String.join(",", options)));
        command.addAll(jvmOptions);
        if (mainJar != null) {
            command.add("-jar");
            command.add(mainJar.toAbsolutePath().toString());
        } else {
            command.add("-cp");
            command.add(classpath.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)));
            command.add(mainClassName);
        }
        command.addAll(arguments);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
        }
        return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), dir, report);
    }

    /** What a run left: its exit code, output, and report. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, Path directory, Path reportFile) {

        /** The report, which must exist and be valid; fails with the run's output otherwise. */
        public LeakReport report() {
            try {
                return ReportFiles.read(reportFile);
            } catch (InvalidReportException e) {
                throw new AssertionError(e.getMessage() + describe());
            }
        }

        public List<Leak> leaks() {
            return report().leaks();
        }

        public List<Leak> leaksOfType(Class<?> type) {
            return leaks().stream().filter(l -> l.type().equals(type.getName())).collect(Collectors.toList());
        }

        /** Every finding at a marked line of a scenario. */
        public List<Leak> leaksAt(Class<?> scenario, String marker) {
            int line = SourceMarkers.line(scenario, marker);
            String file = SourceMarkers.fileName(scenario);
            return leaks().stream()
                    .filter(l -> l.site() != null && file.equals(l.site().fileName()) && l.site().lineNumber() == line)
                    .collect(Collectors.toList());
        }

        /** The single finding at a marked line of a scenario; fails listing all findings otherwise. */
        public Leak leakAt(Class<?> scenario, String marker) {
            int line = SourceMarkers.line(scenario, marker);
            String file = SourceMarkers.fileName(scenario);
            List<Leak> found = leaksAt(scenario, marker);
            if (found.size() != 1) {
                throw new AssertionError("expected one finding at " + file + ":" + line + " (" + marker + "), found "
                        + found.size() + "; all findings:\n" + summary() + describe());
            }
            return found.get(0);
        }

        /** One line per finding, for failure messages. */
        public String summary() {
            return leaks().stream()
                    .map(l -> "  " + l.kind() + " x" + l.count() + " " + l.type() + " at " + l.site() + " owns " + l.owns())
                    .collect(Collectors.joining("\n"));
        }

        public String describe() {
            return "\ncommand: " + String.join(" ", command) + "\nexit code: " + exitCode + "\nstdout:\n" + stdout
                    + "\nstderr:\n" + stderr;
        }
    }
}
