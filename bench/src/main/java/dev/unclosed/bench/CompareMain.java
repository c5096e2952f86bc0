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
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every benchmark twice in the same session, in a forked JVM without the agent and in one with it, then
 * measures the agent's heap per open instance, its start-up cost and its cost per class loaded, and prints one table of the figures against
 * the project's targets. It writes the table, as Markdown, to the file given with {@code --out}.
 *
 * <p>Options ({@code --name=value}): {@code agent} (the agent jar, required), {@code out}, {@code work} (scratch
 * directory for reports and logs), {@code rounds} (forks per variant, alternating; 3), {@code warmup} and
 * {@code iterations} (JMH iterations of one second per fork),
 * {@code only} (a regex over scenario names, to rerun a few), {@code instances} (for the heap probe),
 * {@code startupRuns} (for start-up and class loading).
 */
public final class CompareMain {

    /** Every JVM gets the same fixed heap, so that heap sizing does not differ between the two runs. */
    private static final List<String> COMMON_JVM_ARGS = List.of("-Xms1g", "-Xmx1g");

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
    private static final double MAX_STARTUP_MILLIS = 250;

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
            startup(Integer.parseInt(settings.getOrDefault("startupRuns", "10")));
        }
        if (only.matcher("class loading").find()) {
            classLoading(Integer.parseInt(settings.getOrDefault("startupRuns", "10")));
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
     * "without" and "with" swapped every round so that drift in the machine's load hurts both alike.
     */
    private void compareAll(List<Scenario> scenarios, int rounds) throws RunnerException {
        Map<String, List<Double>> withoutAgent = new LinkedHashMap<>();
        Map<Scenario, List<Double>> withAgent = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Map<String, Boolean> baselineDone = new LinkedHashMap<>();
            for (Scenario scenario : scenarios) {
                boolean agentFirst = round % 2 == 0;
                if (agentFirst) {
                    withAgent.computeIfAbsent(scenario, s -> new ArrayList<>()).addAll(jmh(scenario, true, round));
                }
                // Scenarios that differ only in agent options share the benchmark's run without the agent.
                if (baselineDone.putIfAbsent(scenario.benchmark, true) == null) {
                    withoutAgent.computeIfAbsent(scenario.benchmark, b -> new ArrayList<>()).addAll(jmh(scenario, false, round));
                }
                if (!agentFirst) {
                    withAgent.computeIfAbsent(scenario, s -> new ArrayList<>()).addAll(jmh(scenario, true, round));
                }
            }
        }
        for (Scenario scenario : scenarios) {
            List<Double> without = withoutAgent.get(scenario.benchmark);
            List<Double> with = withAgent.get(scenario);
            double ratio = median(with) / median(without);
            boolean hasTarget = !Double.isNaN(scenario.maxRatio);
            rows.add(new String[] {
                    scenario.name,
                    nanos(without),
                    nanos(with),
                    String.format(Locale.ROOT, "%.2fx", ratio),
                    hasTarget ? String.format(Locale.ROOT, "≤ %.2fx", scenario.maxRatio) : "none set",
                    hasTarget ? (ratio <= scenario.maxRatio ? "met" : "**missed**") : "-"});
        }
    }

    /** One JMH fork of one variant; returns the scores (ns/op) of its measurement iterations. */
    private List<Double> jmh(Scenario scenario, boolean withAgent, int round) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(COMMON_JVM_ARGS);
        jvmArgs.addAll(scenario.jvmArgs);
        String variant = withAgent ? "with" : "without";
        String name = withAgent ? slug(scenario.name) : slug(scenario.benchmark);
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
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.parseInt(settings.getOrDefault("iterations", "4")))
                .measurementTime(TimeValue.seconds(1))
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
        return "-javaagent:" + agentJar + "=quiet,finalSweep=0,report=" + report
                + (extraOptions.isEmpty() ? "" : "," + extraOptions);
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

    private void startup(int runs) throws IOException, InterruptedException {
        List<String> without = List.of("-cp", classPath, Hello.class.getName());
        double[] medians = alternate("hello-world start-up", "startup", without, runs,
                (args, name) -> timedRun(args, name) / 1e6);
        double added = medians[1] - medians[0];
        rows.add(new String[] {
                String.format(Locale.ROOT, "hello-world JVM start, median of %d", runs),
                String.format(Locale.ROOT, "%.0f ms", medians[0]),
                String.format(Locale.ROOT, "%.0f ms", medians[1]),
                String.format(Locale.ROOT, "+%.0f ms", added),
                String.format(Locale.ROOT, "≤ +%.0f ms", MAX_STARTUP_MILLIS),
                added <= MAX_STARTUP_MILLIS ? "met" : "**missed**"});
    }

    /**
     * Loading the benchmark jar's own classes (JMH and its libraries, some 1,700) through a fresh class loader, with
     * and without the agent: its cost per application class loaded. No target is set for it.
     */
    private void classLoading(int runs) throws IOException, InterruptedException {
        List<String> without = List.of("-cp", classPath, ClassLoadingProbe.class.getName(), classPath);
        double classes = number(runToEnd(without, "class-loading-count"), "classes");
        double[] medians = alternate("class loading", "class-loading", without, runs,
                (args, name) -> number(runToEnd(args, name), "millis"));
        double added = medians[1] - medians[0];
        rows.add(new String[] {
                String.format(Locale.ROOT, "loading %,.0f application classes (the benchmark jar's), median of %d", classes, runs),
                String.format(Locale.ROOT, "%.0f ms", medians[0]),
                String.format(Locale.ROOT, "%.0f ms", medians[1]),
                String.format(Locale.ROOT, "+%.0f ms (%.0f µs per class)", added, added * 1000 / classes),
                "none set",
                "-"});
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
        List<String> with = new ArrayList<>();
        with.add(agentArgument(name, ""));
        with.addAll(without);
        System.out.printf("%-60s %d runs each ... ", label, runs);
        System.out.flush();
        measure.of(without, name + "-without");
        measure.of(with, name + "-with");
        List<Double> plain = new ArrayList<>();
        List<Double> tracked = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(measure.of(without, name + "-without"));
            tracked.add(measure.of(with, name + "-with"));
        }
        double[] medians = {median(plain), median(tracked)};
        System.out.printf(Locale.ROOT, "%.0f ms vs %.0f ms%n", medians[0], medians[1]);
        return medians;
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

    /** JMH forks per variant, alternating. */
    private int rounds() {
        return Integer.parseInt(settings.getOrDefault("rounds", "3"));
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
                        + "%s measurement iterations of 1 s, heap %s; figures are medians of all measurement iterations "
                        + "(min–max). Load average at start %s, at end %.2f.%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                rounds(), settings.getOrDefault("warmup", "3"),
                settings.getOrDefault("iterations", "4"), String.join(" ", COMMON_JVM_ARGS),
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
