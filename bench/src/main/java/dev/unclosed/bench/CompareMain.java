package dev.unclosed.bench;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every benchmark twice in the same session, in a forked JVM without the agent and in one with it, then
 * measures the agent's heap per open instance, its start-up cost and its cost per class loaded, and prints one table of the figures against
 * the project's targets. It writes the table, as Markdown, to the file given with {@code --out}.
 *
 * <p>Options ({@code --name=value}): {@code agent} (the agent jar, required), {@code out}, {@code work} (scratch
 * directory for reports and logs), {@code rounds} (forks per variant, alternating; 6), {@code warmup} and
 * {@code iterations} (JMH iterations per fork), {@code iterationMillis} (each iteration's length; 500),
 * {@code only} (a regex over scenario names, to rerun a few), {@code instances} (for the heap probe),
 * {@code startupRuns} (for start-up and class loading; 30).
 */
public final class CompareMain {

    /**
     * Alternating runs per variant for start-up and class loading: on this machine the median hello-world start of
     * the same agent moved by up to 15 ms between batches of 40 runs, and a median of 10 moves more.
     */
    private static final String STARTUP_RUNS = "30";

    /**
     * Every JVM gets the same fixed heap, so that heap sizing does not differ between the two runs, its pages touched
     * at start: until its first collection, a JVM allocates into memory the kernel has never handed it, and faults
     * it in page by page. The reader chain (24 KB allocated an operation) took 80 to 115 µs an operation until then
     * and 12 to 19 µs after, so a fork's median depended on when its first collection fell; pre-touched, 12 to 13 µs
     * throughout.
     */
    private static final List<String> COMMON_JVM_ARGS = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

    /** One benchmark, compared without and with the agent under {@code agentOptions} (beyond the quiet base). */
    private record Scenario(String name, String benchmark, List<String> jvmArgs, String agentOptions, double maxRatio) {
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("open+read+close FileInputStream", "FileBenchmarks.openReadClose", List.of(), "", 1.20),
            new Scenario("open+read+close FileInputStream, stackDepth=0", "FileBenchmarks.openReadClose", List.of(),
                    "stackDepth=0", 1.08),
            // Not a target: what a stack per object (the opt-in stacks=object) costs against one per call site.
            new Scenario("open+read+close FileInputStream, stacks=object", "FileBenchmarks.openReadClose", List.of(),
                    "stacks=object", Double.NaN),
            new Scenario("BufferedReader over FileReader, read, closed", "FileBenchmarks.readerChain", List.of(), "", 1.20),
            new Scenario("BufferedReader over FileReader, stacks=object", "FileBenchmarks.readerChain", List.of(),
                    "stacks=object", Double.NaN),
            new Scenario("in memory: ByteArrayInputStream, never closed", "InMemoryBenchmarks.byteArrayInputStream",
                    List.of(), "", 1.05),
            new Scenario("in memory: BufferedReader over StringReader, never closed",
                    "InMemoryBenchmarks.stringReaderChain", List.of(), "", 1.05),
            // The small young generation is in LeakedFileBenchmarks' own @Fork too; options given here replace it.
            new Scenario("FileInputStream leaked to the collector", "LeakedFileBenchmarks.leakedFileInputStream",
                    List.of("-Xmn4m"), "", 1.40),
            new Scenario("socket connect+close on loopback", "SocketBenchmarks.connectClose", List.of(), "", Double.NaN),
            new Scenario("4 threads open/close mix", "ConcurrentBenchmarks.openCloseMix", List.of(), "", 1.25));

    private static final double MAX_BYTES_PER_INSTANCE = 160;
    private static final double MAX_STARTUP_MILLIS = 100;
    private static final double MAX_STARTUP_CPU_SECONDS = 0.25;
    private static final double MAX_LIBRARY_CLASS_LOADING_RATIO = 1.30;
    /** The benchmark jar's classes: an application's own, whose call sites are marked. */
    private static final double MAX_APPLICATION_CLASS_LOADING_RATIO = 1.20;

    private final Map<String, String> settings;
    private final Path agentJar;
    private final Path work;
    private final String java;
    private final String classPath = System.getProperty("java.class.path");
    private final List<String[]> rows = new ArrayList<>();
    /** The machine's load when the run began: other work on a shared machine is the main source of noise. */
    private String loadAtStart;

    private CompareMain(Map<String, String> settings) {
        this.settings = settings;
        String agent = settings.get("agent");
        if (agent == null) {
            throw new IllegalArgumentException("--agent=PATH to unclosed-agent.jar is required");
        }
        this.agentJar = Path.of(agent).toAbsolutePath();
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException("no agent jar at " + agentJar + "; build it first");
        }
        this.work = Path.of(settings.getOrDefault("work", "bench/target/bench-work")).toAbsolutePath();
        // Every child JVM is the JVM running this, so one run compares like with like.
        this.java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            settings.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        new CompareMain(settings).run();
    }

    private void run() throws Exception {
        loadAtStart = String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Files.createDirectories(work.resolve("reports"));
        Files.createDirectories(work.resolve("logs"));
        Pattern only = Pattern.compile(settings.getOrDefault("only", ".*"));
        List<Scenario> selected = new ArrayList<>();
        for (Scenario scenario : SCENARIOS) {
            if (only.matcher(scenario.name).find()) {
                selected.add(scenario);
            }
        }
        compareAll(selected, rounds());
        if (only.matcher("heap per open instance").find()) {
            int instances = Integer.parseInt(settings.getOrDefault("instances", "1000000"));
            heapPerInstance(instances, 0);
            heapPerInstance(instances, 30);
        }
        if (only.matcher("start-up").find()) {
            startup(Integer.parseInt(settings.getOrDefault("startupRuns", STARTUP_RUNS)));
        }
        if (only.matcher("class loading").find()) {
            classLoading(Integer.parseInt(settings.getOrDefault("startupRuns", STARTUP_RUNS)));
        }
        if (only.matcher("check and merge").find()) {
            checkAndMerge(Integer.parseInt(settings.getOrDefault("reports", "2000")),
                    Integer.parseInt(settings.getOrDefault("findings", "100")),
                    Integer.parseInt(settings.getOrDefault("scaleRuns", "3")));
        }
        String table = table();
        System.out.println();
        System.out.println(table);
        String out = settings.get("out");
        if (out != null) {
            Path path = Path.of(out);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, header() + "\n" + table, StandardCharsets.UTF_8);
            System.out.println("written to " + path);
        }
    }

    /**
     * Runs every selected scenario in {@code rounds} rounds, each round one JMH fork per variant, the order of
     * "without" and "with" swapped every round so that drift in the machine's load hurts both alike. A row's ratio
     * is the median of its rounds' ratios, each round's fork with the agent against the fork without it run right
     * beside it: on this shared machine a whole fork runs fast or slow (forks of one variant differ by up to 40 %),
     * and a pair run back to back shares most of that. The rounds' lowest and highest ratios are shown with it.
     * Rows that differ only in agent options get forks without the agent of their own, each beside its pair.
     */
    private void compareAll(List<Scenario> scenarios, int rounds) throws RunnerException {
        Map<Scenario, List<List<Double>>> withoutAgent = new LinkedHashMap<>();
        Map<Scenario, List<List<Double>>> withAgent = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Scenario scenario : scenarios) {
                boolean agentFirst = round % 2 == 0;
                if (agentFirst) {
                    withAgent.computeIfAbsent(scenario, s -> new ArrayList<>()).add(jmh(scenario, true, round));
                }
                withoutAgent.computeIfAbsent(scenario, s -> new ArrayList<>()).add(jmh(scenario, false, round));
                if (!agentFirst) {
                    withAgent.computeIfAbsent(scenario, s -> new ArrayList<>()).add(jmh(scenario, true, round));
                }
            }
        }
        for (Scenario scenario : scenarios) {
            List<List<Double>> without = withoutAgent.get(scenario);
            List<List<Double>> with = withAgent.get(scenario);
            List<Double> roundRatios = new ArrayList<>();
            for (int round = 0; round < with.size(); round++) {
                roundRatios.add(median(with.get(round)) / median(without.get(round)));
            }
            double ratio = median(roundRatios);
            boolean hasTarget = !Double.isNaN(scenario.maxRatio);
            rows.add(new String[] {
                    scenario.name,
                    nanos(flatten(without)),
                    nanos(flatten(with)),
                    String.format(Locale.ROOT, "%.2fx (%.2f–%.2f)", ratio,
                            roundRatios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                            roundRatios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)),
                    hasTarget ? String.format(Locale.ROOT, "≤ %.2fx", scenario.maxRatio) : "none set",
                    hasTarget ? (ratio <= scenario.maxRatio ? "met" : "**missed**") : "-"});
        }
    }

    private static List<Double> flatten(List<List<Double>> rounds) {
        List<Double> all = new ArrayList<>();
        rounds.forEach(all::addAll);
        return all;
    }

    /** One JMH fork of one variant; returns the scores (ns/op) of its measurement iterations. */
    private List<Double> jmh(Scenario scenario, boolean withAgent, int round) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(COMMON_JVM_ARGS);
        jvmArgs.addAll(scenario.jvmArgs);
        String variant = withAgent ? "with" : "without";
        String name = slug(scenario.name);
        if (withAgent) {
            jvmArgs.add(agentArgument(name, scenario.agentOptions));
        }
        String log = work.resolve("logs").resolve(name + "-" + variant + "-" + round + ".log").toString();
        System.out.printf("round %d  %-58s %-7s agent ... ", round, withAgent ? scenario.name : scenario.benchmark, variant);
        System.out.flush();
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(CompareMain.class.getPackageName() + "." + scenario.benchmark) + "$")
                .forks(1)
                .warmupIterations(Integer.parseInt(settings.getOrDefault("warmup", "3")))
                .warmupTime(TimeValue.milliseconds(iterationMillis()))
                .measurementIterations(Integer.parseInt(settings.getOrDefault("iterations", "4")))
                .measurementTime(TimeValue.milliseconds(iterationMillis()))
                .timeUnit(TimeUnit.NANOSECONDS)
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .shouldFailOnError(true)
                .output(log)
                .build();
        RunResult result;
        try {
            result = new Runner(options).runSingle();
        } catch (RunnerException | RuntimeException e) {
            System.out.println("failed, see " + log);
            throw e;
        }
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                scores.add(iteration.getPrimaryResult().getScore());
            }
        }
        System.out.println(nanos(scores));
        return scores;
    }

    /** The agent argument used everywhere: quiet, no final sweep (fast exit), report kept under the work dir. */
    private String agentArgument(String name, String extraOptions) {
        String report = work.resolve("reports").resolve(name + "-{pid}.json").toString();
        return "-javaagent:" + agentJar + "=quiet,finalSweep=0,report=" + report + ",cache=" + cacheDirectory()
                + (extraOptions.isEmpty() ? "" : "," + extraOptions);
    }

    /** Set while a row measures JVMs that find the agent's cache empty, as the first JVM on a machine does. */
    private boolean emptyCache;
    private int emptyCaches;

    /**
     * The agent's {@code cache} directory: one for the whole run, which the untimed first run of each row fills as
     * any earlier JVM on the machine would have; or a new, empty one for each JVM.
     */
    private Path cacheDirectory() {
        return emptyCache ? work.resolve("empty-caches").resolve(Integer.toString(++emptyCaches)) : work.resolve("cache");
    }

    private void heapPerInstance(int instances, int extraFrames) throws IOException, InterruptedException {
        List<String> jvmArgs = List.of("-Xms4g", "-Xmx4g", "-XX:+UseSerialGC");
        String probe = HeapPerInstanceProbe.class.getName();
        List<String> without = new ArrayList<>(jvmArgs);
        without.addAll(List.of("-cp", classPath, probe, Integer.toString(instances), Integer.toString(extraFrames)));
        List<String> with = new ArrayList<>(jvmArgs);
        // Every instance tracked: the default cap (one per KB of heap, at most 1,000,000) would leave some out.
        with.add(agentArgument("heap-probe", "resources=bench.userapp.*Handle,maxTracked=" + 2 * instances));
        with.addAll(without.subList(jvmArgs.size(), without.size()));

        System.out.printf("%-60s without agent ... ", "heap per open instance, " + extraFrames + " extra frames");
        String plain = runToEnd(without, "heap-" + extraFrames + "-without");
        System.out.println(plain);
        System.out.printf("%-60s with agent    ... ", "heap per open instance, " + extraFrames + " extra frames");
        String tracked = runToEnd(with, "heap-" + extraFrames + "-with");
        System.out.println(tracked);

        double bytesWithout = number(plain, "bytesPerInstance");
        double bytesWith = number(tracked, "bytesPerInstance");
        double agentBytes = bytesWith - bytesWithout;
        rows.add(new String[] {
                String.format(Locale.ROOT, "agent heap per open instance, %,d held, allocated %d frames deep",
                        instances, (int) number(tracked, "framesAtConstructor")),
                String.format(Locale.ROOT, "%.0f B", bytesWithout),
                String.format(Locale.ROOT, "%.0f B", bytesWith),
                String.format(Locale.ROOT, "%.0f B", agentBytes),
                String.format(Locale.ROOT, "≤ %.0f B", MAX_BYTES_PER_INSTANCE),
                agentBytes <= MAX_BYTES_PER_INSTANCE ? "met" : "**missed**"});
    }

    /**
     * How test JVMs load the agent when the Maven plugin starts them, and as docs/ci.md advises: the same Java agent as
     * {@code -javaagent}, without the {@code --add-modules java.instrument} that {@code -javaagent} implies, which
     * leaves the JDK's archived module graph unused.
     */
    private static final String AGENTLIB = "-agentlib:instrument=";
    private static final String JAVAAGENT = "-javaagent:";

    /**
     * A hello-world JVM, wall time and CPU time (the JVM's threads together, from the shell's {@code times}), with
     * the agent's default options (the report written, the final sweep on; quiet), loaded as the Maven plugin loads
     * it and with {@code -javaagent}; the minimal agent both ways and JaCoCo's agent for reference.
     */
    private void startup(int runs) throws IOException, InterruptedException {
        List<String> without = List.of("-cp", classPath, Hello.class.getName());
        List<List<String>> variants = new ArrayList<>(List.of(without,
                underAgent(AGENTLIB, "startup", without),
                underAgent(JAVAAGENT, "startup-javaagent", without),
                prepended(AGENTLIB + minimalAgentJar(), without),
                prepended(JAVAAGENT + minimalAgentJar(), without)));
        Path jacoco = libs().resolve("org.jacoco.agent-runtime.jar");
        if (Files.isRegularFile(jacoco)) {
            variants.add(prepended(JAVAAGENT + jacoco + "=destfile=" + work.resolve("reports").resolve("jacoco-startup.exec"), without));
        }
        double[][] medians = alternateTimed("hello-world start-up", "startup", variants, runs);
        rows.add(startupRow(String.format(Locale.ROOT, "hello-world JVM start, default options, loaded as the Maven plugin"
                + " loads it (-agentlib:instrument=), median of %d", runs), medians[0], medians[1], true));
        rows.add(startupRow("the same loaded with -javaagent: (reference: it adds the module java.instrument, and the JDK's"
                + " archived module graph goes unused)", medians[0], medians[2], false));
        rows.add(startupRow("the same under a minimal agent, -agentlib:instrument= (reference: the JDK's closeables"
                + " retransformed unchanged, java.base's packages opened, nothing else)", medians[0], medians[3], false));
        rows.add(startupRow("the same under the minimal agent, -javaagent: (reference)", medians[0], medians[4], false));
        if (medians.length > 5) {
            rows.add(startupRow("the same under JaCoCo's agent 0.8.14, -javaagent: as its Maven plugin loads it (reference)",
                    medians[0], medians[5], false));
        }
        startupAtExit("a random UUID made (the JDK's /dev/urandom open to the end)", "uuid", runs);
        startupAtExit("a random UUID made and a file leaked (one finding reported at exit)", "leak", runs);
    }

    /**
     * A JVM that ends as test JVMs usually do ({@link HelloAtExit}): what the agent costs beyond the smallest
     * program, at exit. For reference; no target.
     */
    private void startupAtExit(String what, String scenario, int runs) throws IOException, InterruptedException {
        List<String> without = List.of("-cp", classPath, HelloAtExit.class.getName(), scenario);
        double[][] medians = alternateTimed("hello-world start-up, " + scenario, "startup-" + scenario,
                List.of(without, underAgent(AGENTLIB, "startup-" + scenario, without)), runs);
        rows.add(startupRow("the same, " + what, medians[0], medians[1], false));
    }

    /** {@code without} under the agent with the start-up rows' options: quiet, each JVM's report of its own. */
    private List<String> underAgent(String flag, String reportName, List<String> without) {
        return prepended(flag + agentJar + "=quiet,report=" + work.resolve("reports").resolve(reportName + "-{pid}.json"), without);
    }

    private static List<String> prepended(String argument, List<String> arguments) {
        List<String> all = new ArrayList<>();
        all.add(argument);
        all.addAll(arguments);
        return all;
    }

    /**
     * {@link MinimalAgent} as an agent jar of its own, loaded from the boot class path as unclosed's is: written
     * here from the benchmark jar's classes, so that the build needs no second jar.
     */
    private Path minimalAgentJar() throws IOException {
        Path dir = Files.createDirectories(work.resolve("minimal-agent"));
        Path jar = dir.resolve("minimal-agent.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", MinimalAgent.class.getName());
        main.putValue("Can-Retransform-Classes", "true");
        main.putValue("Boot-Class-Path", jar.getFileName().toString());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String name : List.of("dev/unclosed/bench/MinimalAgent.class", "dev/unclosed/bench/MinimalAgent$Unchanged.class")) {
                try (InputStream in = CompareMain.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException(name + " is missing from the benchmark jar");
                    }
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private static String[] startupRow(String name, double[] plain, double[] agent, boolean target) {
        double wall = agent[0] - plain[0];
        double cpu = agent[1] - plain[1];
        return new String[] {
                name,
                String.format(Locale.ROOT, "%.0f ms, CPU %.2f s", plain[0], plain[1]),
                String.format(Locale.ROOT, "%.0f ms, CPU %.2f s", agent[0], agent[1]),
                String.format(Locale.ROOT, "%+.0f ms, CPU %+.2f s", wall, cpu),
                target ? String.format(Locale.ROOT, "≤ +%.0f ms, CPU ≤ +%.2f s", MAX_STARTUP_MILLIS, MAX_STARTUP_CPU_SECONDS) : "none set",
                target ? (wall <= MAX_STARTUP_MILLIS && cpu <= MAX_STARTUP_CPU_SECONDS ? "met" : "**missed**") : "-"};
    }

    /**
     * Runs each variant once untimed, then {@code runs} times each, alternating; returns per variant the median wall
     * time (ms) and the median CPU time (s) of the whole JVM.
     */
    private double[][] alternateTimed(String label, String name, List<List<String>> variants, int runs)
            throws IOException, InterruptedException {
        System.out.printf("%-60s %d runs each ... ", label, runs);
        System.out.flush();
        List<List<double[]>> timings = alternatingRuns(name, variants, runs, true);
        double[][] medians = new double[variants.size()][];
        for (int v = 0; v < variants.size(); v++) {
            medians[v] = new double[] {median(column(timings.get(v), 0)), median(column(timings.get(v), 1))};
            System.out.printf(Locale.ROOT, "%.0f ms / %.2f s  ", medians[v][0], medians[v][1]);
        }
        System.out.println();
        return medians;
    }

    /**
     * Each variant's {@link #timedWithCpu} measurements of {@code runs} runs, alternating, after one untimed run of
     * each when {@code warmUp}.
     */
    private List<List<double[]>> alternatingRuns(String name, List<List<String>> variants, int runs, boolean warmUp)
            throws IOException, InterruptedException {
        List<List<double[]>> timings = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            if (warmUp) {
                timedWithCpu(variants.get(v), name + "-" + v);
            }
            timings.add(new ArrayList<>());
        }
        for (int i = 0; i < runs; i++) {
            for (int v = 0; v < variants.size(); v++) {
                timings.get(v).add(timedWithCpu(variants.get(v), name + "-" + v));
            }
        }
        return timings;
    }

    /** One column ({@code 0} wall, {@code 1} CPU) of some {@link #timedWithCpu} measurements. */
    private static List<Double> column(List<double[]> timings, int column) {
        List<Double> values = new ArrayList<>();
        for (double[] t : timings) {
            values.add(t[column]);
        }
        return values;
    }

    /** Wall time (ms) and CPU time (s, user and system of the JVM) of one run, the CPU time from bash's times. */
    private double[] timedWithCpu(List<String> args, String name) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "\"$@\" >/dev/null 2>>\"$LOG\"; status=$?; times; exit $status", "bash", java));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LOG", work.resolve("logs").resolve(name + ".err").toString());
        long start = System.nanoTime();
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed: " + out);
        }
        double wall = (System.nanoTime() - start) / 1e6;
        // times prints the shell's own user and system time ("0m0.001s 0m0.000s"), then its children's: the JVM's.
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s\\s*$").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no CPU times from bash in: " + out);
        }
        double cpu = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
        return new double[] {wall, cpu};
    }

    /**
     * {@code check} and {@code merge} of the reports of a large forked run ({@link ReportsAtScale}), each in a JVM
     * limited to 512 MB of heap, {@code runs} times in turn: the median wall and CPU time of each, with the range
     * of the walls. One run each measured the same code anything from 8.5 to 11.4 s on this machine.
     */
    private void checkAndMerge(int reports, int findings, int runs) throws IOException, InterruptedException {
        Path dir = work.resolve("reports-at-scale");
        runToEnd(List.of("-cp", classPath, ReportsAtScale.class.getName(), dir.toString(), Integer.toString(reports),
                Integer.toString(findings)), "reports-at-scale");
        String what = String.format(Locale.ROOT, "%,d reports of %d findings, -Xmx512m", reports, findings);
        List<String> names = List.of("check", "merge");
        List<List<String>> commands = List.of(
                List.of("-Xmx512m", "-jar", agentJar.toString(), "check", dir.toString(), "--max", "100000000", "--quiet"),
                List.of("-Xmx512m", "-jar", agentJar.toString(), "merge", dir.toString(),
                        "--output", work.resolve("merged-at-scale.json").toString()));
        // No untimed run first: each run reads the same 1.1 GB, and nothing of one JVM carries over to the next.
        List<List<double[]>> timings = alternatingRuns("at-scale", commands, runs, false);
        System.out.printf(Locale.ROOT, "%-60s", what);
        for (int c = 0; c < commands.size(); c++) {
            List<Double> walls = column(timings.get(c), 0);
            double wall = median(walls);
            String range = runs == 1 ? "" : String.format(Locale.ROOT, " (%.1f–%.1f)",
                    Collections.min(walls) / 1000, Collections.max(walls) / 1000);
            rows.add(new String[] {names.get(c) + " of " + what + (runs == 1 ? "" : ", median of " + runs), "-",
                    String.format(Locale.ROOT, "%.1f s%s, CPU %.1f s", wall / 1000, range, median(column(timings.get(c), 1))),
                    "-", "≤ 10 s", wall <= 10_000 ? "met" : "**missed**"});
            System.out.printf(Locale.ROOT, " %s %.1f s%s", names.get(c), wall / 1000, range);
        }
        System.out.println();
    }

    /** Where the build copied the libraries and JaCoCo's agent: beside benchmarks.jar. */
    private Path libs() {
        return Path.of(classPath.split(File.pathSeparator)[0]).toAbsolutePath().getParent().resolve("libs");
    }

    /**
     * Loading classes through a fresh class loader, with and without the agent: the benchmark jar's own (JMH and its
     * libraries, some 1,700), and those of real libraries that use the JDK's closeables (H2, Jackson's databind, core
     * and annotations), with JaCoCo's agent for reference on those.
     */
    private void classLoading(int runs) throws IOException, InterruptedException {
        classLoadingRow("the benchmark jar's", classPath, runs, MAX_APPLICATION_CLASS_LOADING_RATIO, false);
        Path libs = libs();
        String jars = String.join(File.pathSeparator, libs.resolve("h2.jar").toString(),
                libs.resolve("jackson-databind.jar").toString(), libs.resolve("jackson-core.jar").toString(),
                libs.resolve("jackson-annotations.jar").toString());
        if (Files.isRegularFile(libs.resolve("h2.jar"))) {
            classLoadingRow("H2 2.3.232 and Jackson 2.18.2's", jars, runs, MAX_LIBRARY_CLASS_LOADING_RATIO,
                    Files.isRegularFile(libs.resolve("org.jacoco.agent-runtime.jar")));
            emptyCache = true;
            try {
                classLoadingRow("the same, each JVM with an empty cache", jars, runs, 0, false);
            } finally {
                emptyCache = false;
            }
        }
    }

    private void classLoadingRow(String what, String jars, int runs, double maxRatio, boolean jacoco)
            throws IOException, InterruptedException {
        List<String> without = List.of("-cp", classPath, ClassLoadingProbe.class.getName(), jars);
        String slug = slug(what);
        double classes = number(runToEnd(without, "class-loading-count-" + slug), "classes");
        double[] medians = alternate("class loading, " + what, "class-loading-" + slug, without, runs,
                (args, name) -> number(runToEnd(args, name), "millis"));
        double added = medians[1] - medians[0];
        double ratio = medians[1] / medians[0];
        boolean target = maxRatio > 0;
        rows.add(new String[] {
                String.format(Locale.ROOT, "loading %,.0f classes (%s), median of %d", classes, what, runs),
                String.format(Locale.ROOT, "%.0f ms", medians[0]),
                String.format(Locale.ROOT, "%.0f ms", medians[1]),
                String.format(Locale.ROOT, "%.2fx, +%.0f µs per class", ratio, added * 1000 / classes),
                target ? String.format(Locale.ROOT, "≤ %.2fx", maxRatio) : "none set",
                target ? (ratio <= maxRatio ? "met" : "**missed**") : "-"});
        if (jacoco) {
            List<String> underJacoco = new ArrayList<>();
            underJacoco.add("-javaagent:" + libs().resolve("org.jacoco.agent-runtime.jar") + "=destfile="
                    + work.resolve("reports").resolve("jacoco-classes.exec"));
            underJacoco.addAll(without);
            List<Double> times = new ArrayList<>();
            System.out.printf("%-60s %d runs ... ", "class loading under JaCoCo's agent", runs);
            for (int i = 0; i < runs; i++) {
                times.add(number(runToEnd(underJacoco, "class-loading-jacoco"), "millis"));
            }
            double median = median(times);
            System.out.printf(Locale.ROOT, "%.0f ms%n", median);
            rows.add(new String[] {"the same under JaCoCo's agent 0.8.14 (reference, run after the rows above)",
                    String.format(Locale.ROOT, "%.0f ms", medians[0]), String.format(Locale.ROOT, "%.0f ms", median),
                    String.format(Locale.ROOT, "%.2fx", median / medians[0]), "none set", "-"});
        }
    }

    /** One measurement of one run of {@code java args}, in milliseconds. */
    private interface Millis {
        double of(List<String> args, String name) throws IOException, InterruptedException;
    }

    /**
     * Runs {@code java without} and the same with the agent, one untimed run each (the first start after a build
     * pays for reading the jars from disk), then {@code runs} of each, alternated so that a noisy neighbour hurts
     * both sides alike; returns the medians, without and with.
     */
    private double[] alternate(String label, String name, List<String> without, int runs, Millis measure)
            throws IOException, InterruptedException {
        System.out.printf("%-60s %d runs each ... ", label, runs);
        System.out.flush();
        measure.of(without, name + "-without");
        measure.of(withAgent(name, without), name + "-with");
        List<Double> plain = new ArrayList<>();
        List<Double> tracked = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(measure.of(without, name + "-without"));
            // Made for each run: under emptyCache, each JVM gets a cache directory of its own.
            tracked.add(measure.of(withAgent(name, without), name + "-with"));
        }
        double[] medians = {median(plain), median(tracked)};
        System.out.printf(Locale.ROOT, "%.0f ms vs %.0f ms%n", medians[0], medians[1]);
        return medians;
    }

    private List<String> withAgent(String name, List<String> without) {
        List<String> with = new ArrayList<>();
        with.add(agentArgument(name, ""));
        with.addAll(without);
        return with;
    }

    private long timedRun(List<String> args, String name) throws IOException, InterruptedException {
        long start = System.nanoTime();
        runToEnd(args, name);
        return System.nanoTime() - start;
    }

    /** Runs {@code java args} to completion and returns its standard output; fails if it fails. */
    private String runToEnd(List<String> args, String name) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(args);
        Path stdout = work.resolve("logs").resolve(name + ".out");
        Path stderr = work.resolve("logs").resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 10 minutes: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + stderr);
        }
        return Files.readString(stdout).trim();
    }

    /**
     * JMH forks per variant, alternating: six of half the length rather than three, as the verdict rests on the
     * rounds' ratios, and with three a single slow fork moved a row by 0.1 to 0.2.
     */
    private int rounds() {
        return Integer.parseInt(settings.getOrDefault("rounds", "6"));
    }

    private int iterationMillis() {
        return Integer.parseInt(settings.getOrDefault("iterationMillis", "500"));
    }

    private static double number(String output, String key) {
        Matcher m = Pattern.compile(key + "=([-0-9.]+)").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in: " + output);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Median of the iterations with their range. The median, not the mean: on a shared machine a neighbour's
     * burst inflates a few iterations by several times, and the mean would follow it.
     */
    private static String nanos(List<Double> scores) {
        double median = median(scores);
        double min = scores.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = scores.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        String format = median < 100 ? "%.1f ns/op (%.1f–%.1f)" : "%,.0f ns/op (%,.0f–%,.0f)";
        return String.format(Locale.ROOT, format, median, min, max);
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private String header() {
        return String.format(Locale.ROOT,
                "Measured %s on %s %s (%s), %d CPUs, %s %s; JMH: %s rounds of 1 fork per variant, %s warm-up and "
                        + "%s measurement iterations of %s ms, heap %s; times are medians of all measurement iterations "
                        + "(min–max), ratios the median of the rounds' ratios (lowest–highest). Load average at start %s, "
                        + "at end %.2f.%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                rounds(), settings.getOrDefault("warmup", "3"),
                settings.getOrDefault("iterations", "4"), iterationMillis(), String.join(" ", COMMON_JVM_ARGS),
                loadAtStart, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private String table() {
        String[] head = {"Scenario", "Without agent", "With agent", "Agent / no agent", "Target", "Result"};
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", head)).append(" |\n");
        out.append("|").append("---|".repeat(head.length)).append('\n');
        for (String[] row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }
}
