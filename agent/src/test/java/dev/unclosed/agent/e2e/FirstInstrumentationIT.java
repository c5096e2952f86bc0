package dev.unclosed.agent.e2e;

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
 * ASM's writing side is not loaded at start (a JVM whose closeables all come from the cache may never need it): it
 * loads inside the first class the agent instruments, where the JVM hands what loads to no transformer. That is
 * safe only while none of the JDK classes it needs is a closeable; this holds it, on each JDK.
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
        Path file = Files.writeString(dir.resolve("some.txt"), "x");
        // Fills the cache, so that a later run needs no ASM at start. The JVM hands some classes retransformed at
        // start to the agent in one of two forms (CRC-32s) from run to run; each is kept once met, hence the tries.
        run(jdk, cache, dir.resolve("filling.log"), file);
        List<String> during = List.of();
        for (int run = 0; run < 6 && during.stream().noneMatch(FirstInstrumentationIT::isAsmWriter); run++) {
            run(jdk, cache, log, file);
            during = loadedBetween(Files.readAllLines(log), FirstInstrumentation.class.getName() + "$Before",
                    FirstInstrumentation.class.getName() + "$Opener");
        }
        assertThat(during).as("ASM's writing side loads inside the first instrumentation, or this tests nothing")
                .anyMatch(FirstInstrumentationIT::isAsmWriter);
        List<String> closeables = new ArrayList<>();
        for (String line : during) {
            String[] parts = line.trim().split("\\s+");
            boolean jdkClass = line.contains("source: jrt:/") || line.contains("source: shared objects file");
            if (jdkClass && parts.length > 1 && isCloseable(parts[1])) {
                closeables.add(parts[1]);
            }
        }
        assertThat(closeables).as("JDK closeables loaded where no transformer sees them").isEmpty();
    }

    private static boolean isAsmWriter(String line) {
        return line.contains(".asm.MethodWriter ");
    }

    private static void run(Jdk jdk, Path cache, Path log, Path file) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("cache=" + cache)
                .jvmOptions("-Xlog:class+load=info:file=" + log)
                .main(FirstInstrumentation.class, file.toString()).run();
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

    private static boolean isCloseable(String className) {
        try {
            return AutoCloseable.class.isAssignableFrom(Class.forName(className, false, ClassLoader.getPlatformClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return true; // unknown to this JDK: counted, so that it is looked at rather than let through
        }
    }
}
