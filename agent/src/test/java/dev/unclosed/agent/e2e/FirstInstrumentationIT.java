package dev.unclosed.agent.e2e;

import dev.unclosed.scenarios.CloseableClassNames;
import dev.unclosed.scenarios.FirstInstrumentation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ASM is not loaded at start (a JVM whose closeables all come from the cache may never need it): its reader and
 * writer load inside the first class the agent instruments, where the JVM hands what loads to no transformer. That
 * is safe only while none of the JDK classes they need is a closeable; this holds it, on each JDK.
 */
class FirstInstrumentationIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theClassesLoadedForTheFirstInstrumentationIncludeNoJdkCloseable(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("first-instrumentation-");
        Path cache = dir.resolve("cache");
        Path log = dir.resolve("classes.log");
        Files.writeString(dir.resolve("some.txt"), "x");
        // Fills the cache, so that a later run needs no ASM at start. The JVM hands some classes retransformed at
        // start to the agent in one of two forms (CRC-32s) from run to run; each is kept once met, hence the tries.
        run(jdk, cache, dir.resolve("filling.log"), dir, 0);
        List<String> during = List.of();
        for (int run = 1; run < 7 && during.stream().noneMatch(FirstInstrumentationIT::isAsmWriter); run++) {
            run(jdk, cache, log, dir, run);
            during = loadedBetween(Files.readAllLines(log), FirstInstrumentation.class.getName() + "$Before",
                    "fresh.Opener" + run);
        }
        assertThat(during).as("ASM loads inside the first instrumentation, or this tests nothing")
                .anyMatch(FirstInstrumentationIT::isAsmWriter);
        List<String> jdkClasses = new ArrayList<>();
        for (String line : during) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length > 1 && (line.contains("source: jrt:/") || line.contains("source: shared objects file"))) {
                jdkClasses.add(parts[1]);
            }
        }
        assertThat(closeablesAmong(jdk, jdkClasses)).as("JDK closeables loaded where no transformer sees them: "
                + jdkClasses).isEmpty();
    }

    private static boolean isAsmWriter(String line) {
        return line.contains(".asm.MethodWriter ");
    }

    /** One run, loading a class of its own that opens a file: no earlier run instrumented it. */
    private static void run(Jdk jdk, Path cache, Path log, Path dir, int run) throws Exception {
        String name = "Opener" + run;
        String source = "package fresh; public class " + name + " { static { open(); }"
                + " static void open() { try (java.io.FileInputStream in = new java.io.FileInputStream(\"" + dir.resolve("some.txt").toAbsolutePath() + "\")) {"
                + " in.read(); } catch (java.io.IOException e) { throw new RuntimeException(e); } } }";
        Path classes = Compiler.compile(dir.resolve("fresh" + run), "fresh." + name, source);
        AgentRun.Result result = AgentRun.on(jdk).options("cache=" + cache)
                .jvmOptions("-Xlog:class+load=info:file=" + log)
                .classpath(AgentRun.testClasses(), classes)
                .main(FirstInstrumentation.class, "fresh." + name).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
    }

    /** The log's lines after the first that names {@code from} and before the first that names {@code to}. */
    private static List<String> loadedBetween(List<String> lines, String from, String to) {
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (start < 0 && lines.get(i).contains(" " + from + " ")) {
                start = i;
            } else if (start >= 0 && lines.get(i).contains(" " + to + " ")) {
                end = i;
                break;
            }
        }
        assertThat(start).as("marker " + from).isNotNegative();
        assertThat(end).as("marker " + to).isNotNegative();
        return lines.subList(start + 1, end);
    }

    /** Those of the classes that are closeable on {@code jdk} (or unknown to it), asked in a JVM of that JDK. */
    private static List<String> closeablesAmong(Jdk jdk, List<String> classNames) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-cp", AgentRun.testClasses().toString(),
                CloseableClassNames.class.getName()));
        command.addAll(classNames);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out.lines().filter(line -> !line.isBlank()).collect(java.util.stream.Collectors.toList());
    }
}
