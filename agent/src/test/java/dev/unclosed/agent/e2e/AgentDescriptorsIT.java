package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.jarred.FromJars;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent reads the class files of the classes that load (their supertypes, from their jars) and keeps none of
 * those jars open: an application whose classes live in jars has the same jars open with the agent as without,
 * and nothing the agent opened is reported, not even under strict.
 */
class AgentDescriptorsIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    /** The application's jar and its library's (the class path), and the plugin's, in a fresh directory. */
    private record Jars(Path dir, String classPath, Path plugin) {
        static Jars build() throws IOException {
            Path dir = AgentRun.newWorkDirectory("jars-");
            Path classes = Paths.get(System.getProperty("unclosed.testClasses", "target/test-classes"));
            String scenarios = FromJars.class.getPackageName();
            Path app = Compiler.jarPackage(classes, scenarios, dir.resolve("app.jar"));
            Path lib = Compiler.jarPackage(classes, scenarios + ".lib", dir.resolve("lib.jar"));
            Path plugin = Compiler.jarPackage(classes, scenarios + ".plugin", dir.resolve("plugin.jar"));
            return new Jars(dir, app.toAbsolutePath() + File.pathSeparator + lib.toAbsolutePath(), plugin.toAbsolutePath());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentKeepsOpenNoJarThatTheApplicationDoesNot(Jdk jdk) throws Exception {
        Jars jars = Jars.build();

        Map<String, Integer> without = openJars(runWithoutAgent(jdk, jars));
        AgentRun.Result with = AgentRun.on(jdk).classpath(Path.of(jars.classPath()))
                .main(FromJars.class, jars.plugin().toString()).run();

        assertThat(with.exitCode()).as(with.describe()).isZero();
        Map<String, Integer> withAgent = openJars(with.stdout());
        withAgent.remove(AgentRun.agentJar().toString()); // the JVM opens the agent's jar to run the agent
        assertThat(without).as("the application's jars, open without the agent").containsKeys(jars.classPath().split(File.pathSeparator));
        assertThat(withAgent).as(with.describe()).isEqualTo(without);
        assertThat(with.leaks()).as(with.summary()).isEmpty();
        assertThat(with.report().summary().agentErrors()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void nothingTheAgentOpensToReadClassFilesIsReportedUnderStrict(Jdk jdk) throws Exception {
        Jars jars = Jars.build();

        AgentRun.Result result = AgentRun.on(jdk).options("strict").classpath(Path.of(jars.classPath()))
                .main(FromJars.class, jars.plugin().toString()).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.leaks()).as(result.summary()).noneMatch(AgentDescriptorsIT::isAFile);
        assertThat(result.report().summary().agentErrors()).isZero();
    }

    /** A zip or jar file, or the file under one (the JDK opens a jar's file as a RandomAccessFile). */
    private static boolean isAFile(Leak leak) {
        Stream<String> types = Stream.concat(Stream.of(leak.type()), leak.owns().stream());
        return types.anyMatch(type -> isA(type, ZipFile.class) || isA(type, RandomAccessFile.class));
    }

    private static boolean isA(String typeName, Class<?> type) {
        try {
            return type.isAssignableFrom(Class.forName(typeName, false, ClassLoader.getSystemClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String runWithoutAgent(Jdk jdk, Jars jars) throws IOException, InterruptedException {
        Path out = jars.dir().resolve("without-agent.txt");
        Process process = new ProcessBuilder(List.of(jdk.java().toString(), "-cp", jars.classPath(),
                FromJars.class.getName(), jars.plugin().toString()))
                .directory(jars.dir().toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The lines "count path" the scenario prints, by path. */
    private static Map<String, Integer> openJars(String output) {
        Map<String, Integer> jars = new TreeMap<>();
        for (String line : output.split("\\R")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.endsWith(".jar")) {
                jars.put(line.substring(space + 1), Integer.parseInt(line.substring(0, space)));
            }
        }
        return jars;
    }
}
