package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.ClosedClassLoaders;
import dev.unclosed.scenarios.ClosedResourceStreams;
import dev.unclosed.scenarios.IdleClassLoaders;
import dev.unclosed.scenarios.JarResourceStreams;
import dev.unclosed.scenarios.JdkMadeClassLoader;
import dev.unclosed.scenarios.LeakedClassLoaders;
import dev.unclosed.scenarios.LeakedResourceStreams;
import dev.unclosed.scenarios.LibraryApiCloseables;
import dev.unclosed.scenarios.ManyClassesLoaded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What class-loading code opens on the application's behalf: a URLClassLoader's jars, which it opens after its
 * constructor and keeps until close(), and the resource streams it hands to the caller. The JDK's own loaders and
 * the jars and streams it keeps for itself stay unreported.
 */
class ClassLoadingIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    /** A jar holding {@code plugin.Plugin} and {@code plugin.txt}, on no class path. */
    private static Path pluginJar() throws Exception {
        Path dir = AgentRun.newWorkDirectory("plugin-");
        Path classes = Compiler.compile(dir, "plugin.Plugin", "package plugin; public class Plugin { public Plugin() { } }");
        Files.writeString(classes.resolve("plugin.txt"), "plugin resource\n");
        return Compiler.jar(classes, dir.resolve("plugin.jar"));
    }

    /**
     * A jar on no class path that brings APIs of a javax and a com.sun package (JMS 2's Connection, an
     * AutoCloseable; a JavaMail-like transport) and a closeable through each, opening a file of the JDK's; and a
     * task of the library's own (line 3 of com/sun/mail/Idle.java) that opens one and drops it.
     */
    private static Path libraryApiJar() throws Exception {
        Path dir = AgentRun.newWorkDirectory("library-api-");
        String opens = "private final java.io.FileInputStream in;"
                + " public %s() throws java.io.IOException { in = new java.io.FileInputStream(System.getProperty(\"java.home\") + \"/release\"); }"
                + " public void close() { try { in.close(); } catch (java.io.IOException e) { } }";
        Compiler.compile(dir, "javax.jms.Connection",
                "package javax.jms; public interface Connection extends AutoCloseable { void close(); }");
        Compiler.compile(dir, "com.sun.mail.Transport",
                "package com.sun.mail; public abstract class Transport implements AutoCloseable { }");
        Compiler.compile(dir, "com.sun.mail.Idle", "package com.sun.mail; public class Idle implements Runnable {\n"
                + " public void run() {\n"
                + "  try { new java.io.FileInputStream(System.getProperty(\"java.home\") + \"/release\"); } catch (java.io.IOException e) { }\n"
                + " } }");
        Compiler.compile(dir, "plugin.JmsConnection",
                "package plugin; public class JmsConnection implements javax.jms.Connection { " + String.format(opens, "JmsConnection") + " }");
        Path classes = Compiler.compile(dir, "plugin.MailTransport",
                "package plugin; public class MailTransport extends com.sun.mail.Transport { " + String.format(opens, "MailTransport") + " }");
        return Compiler.jar(classes, dir.resolve("library-api.jar"));
    }

    /** One run of {@link LibraryApiCloseables} per JDK, for the tests that read its findings. */
    private static final Map<String, AgentRun.Result> LIBRARY_API_RUNS = new ConcurrentHashMap<>();

    private static AgentRun.Result libraryApiRun(Jdk jdk) {
        return LIBRARY_API_RUNS.computeIfAbsent(jdk.name(), name -> {
            try {
                return runWithJar(jdk, LibraryApiCloseables.class, libraryApiJar());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static AgentRun.Result runWithJar(Jdk jdk, Class<?> scenario, String... options) throws Exception {
        return runWithJar(jdk, scenario, pluginJar(), options);
    }

    private static AgentRun.Result runWithJar(Jdk jdk, Class<?> scenario, Path jar, String... options) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options(options).main(scenario, jar.toString()).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as("errors inside the agent" + result.describe()).isZero();
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aDroppedLoaderThatOpenedItsJarIsOneLeakAtItsLineOwningTheJar(Jdk jdk) throws Exception {
        AgentRun.Result result = runWithJar(jdk, LeakedClassLoaders.class);

        for (String marker : new String[] {"loadedClass", "newInstance"}) {
            Leak loader = result.leakAt(LeakedClassLoaders.class, marker);
            assertThat(loader.type()).as(marker).endsWith("URLClassLoader"); // java.net.FactoryURLClassLoader on 17
            assertThat(loader.kind()).as(marker).isEqualTo(Leak.KIND_GC);
            assertThat(loader.count()).as(marker).isEqualTo(1);
            assertThat(loader.site().fileName()).isEqualTo("LeakedClassLoaders.java");
            assertThat(loader.site().methodName()).isEqualTo("main");
            assertThat(loader.owns()).as(marker).contains(JarFile.class.getName());
        }
        assertThat(result.leakAt(LeakedClassLoaders.class, "loadedClass").type()).isEqualTo(URLClassLoader.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(4);
        assertThat(result.leaksOfType(JarFile.class)).as("the jars are the loaders' leaks, not leaks of their own").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aCloseableThroughAJavaxOrComSunApiOfALibrarysOwnIsReportedAsItsOwnType(Jdk jdk) {
        // Such packages are not the JDK's: their classes come from the loader that loads the library, and the
        // objects are reported as what the application made, not as the files they hold.
        AgentRun.Result result = libraryApiRun(jdk);

        Leak connection = result.leakAt(LibraryApiCloseables.class, "connection");
        assertThat(connection.type()).isEqualTo("plugin.JmsConnection");
        assertThat(connection.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(connection.count()).isEqualTo(3);
        Leak transport = result.leakAt(LibraryApiCloseables.class, "transport");
        assertThat(transport.type()).isEqualTo("plugin.MailTransport");
        assertThat(transport.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(transport.count()).isEqualTo(3);
        assertThat(result.leaks()).as(result.summary()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatAThreadOfALibraryUnderAJavaxOrComSunNameOpensIsTheLibrarysLeakNotTheJdks(Jdk jdk) {
        AgentRun.Result result = libraryApiRun(jdk);

        Leak idle = result.leaks().stream().filter(l -> l.site() != null && "com.sun.mail.Idle".equals(l.site().className()))
                .findFirst().orElseThrow(() -> new AssertionError("no finding at com.sun.mail.Idle:\n" + result.summary()));
        assertThat(idle.type()).isEqualTo("java.io.FileInputStream");
        assertThat(idle.site().lineNumber()).isEqualTo(3);
        assertThat(idle.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(idle.count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anApplicationsSubclassOfURLClassLoaderIsReportedAsThatSubclass(Jdk jdk) throws Exception {
        AgentRun.Result result = runWithJar(jdk, LeakedClassLoaders.class);

        Leak loader = result.leakAt(LeakedClassLoaders.class, "subclass");
        assertThat(loader.type()).isEqualTo(LeakedClassLoaders.class.getName() + "$PluginLoader");
        assertThat(loader.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(loader.owns()).contains(JarFile.class.getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aLoaderStillOpenAtExitIsReportedAsOpenAtExit(Jdk jdk) throws Exception {
        AgentRun.Result result = runWithJar(jdk, LeakedClassLoaders.class);

        Leak kept = result.leakAt(LeakedClassLoaders.class, "kept");
        assertThat(kept.type()).isEqualTo(URLClassLoader.class.getName());
        assertThat(kept.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(kept.count()).isEqualTo(1);
        assertThat(kept.owns()).contains(JarFile.class.getName());
        assertThat(result.report().summary().openAtExit()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void closedLoadersAreNotReported(Jdk jdk) throws Exception {
        AgentRun.Result result = runWithJar(jdk, ClosedClassLoaders.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
        assertThat(result.report().summary().closed()).as("the loaders and their jars were tracked, and closed")
                .isGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void loadersThatNeverOpenedAJarAreNotReported(Jdk jdk) throws Exception {
        AgentRun.Result result = runWithJar(jdk, IdleClassLoaders.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aLoaderTheJdkCreatesForItselfIsNotReported(Jdk jdk) throws Exception {
        Path jar = pluginJar();
        AgentRun.Result strict = AgentRun.on(jdk).options("strict").jvmOptions("-Djdk.sound.jarsoundbank=true")
                .main(JdkMadeClassLoader.class, jar.toString()).run();
        assertThat(strict.leaks()).as("the JDK did create and drop a loader over the jar" + strict.summary())
                .anyMatch(l -> l.type().endsWith("URLClassLoader") && l.owns().contains(JarFile.class.getName()));

        AgentRun.Result result = AgentRun.on(jdk).jvmOptions("-Djdk.sound.jarsoundbank=true")
                .main(JdkMadeClassLoader.class, jar.toString()).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void resourceStreamsHandedToTheCallerAreReportedAtTheCallersLine(Jdk jdk) throws Exception {
        AgentRun.Result result = TrackingIT.run(jdk, LeakedResourceStreams.class);

        for (String marker : new String[] {"classResource", "systemResource", "loaderResource", "urlOpenStream"}) {
            Leak stream = result.leakAt(LeakedResourceStreams.class, marker);
            assertThat(stream.type()).as(marker).isEqualTo(BufferedInputStream.class.getName());
            assertThat(stream.owns()).as(marker).containsExactly(FileInputStream.class.getName());
            assertThat(stream.kind()).as(marker).isEqualTo(Leak.KIND_GC);
            assertThat(stream.count()).as(marker).isEqualTo(1);
            assertThat(stream.site().methodName()).as(marker).isEqualTo("main");
        }
        assertThat(result.leaks()).as(result.summary()).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void resourceStreamsClosedByTheCallerOrTheirLoaderAreNotReported(Jdk jdk) throws Exception {
        AgentRun.Result result = TrackingIT.run(jdk, ClosedResourceStreams.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
        assertThat(result.report().summary().closed()).isGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void streamsOfResourcesInsideJarsAreNotReported(Jdk jdk) throws Exception {
        Path jar = pluginJar();
        String classpath = System.getProperty("unclosed.testClasses", "target/test-classes") + File.pathSeparator + jar;

        AgentRun.Result result = AgentRun.on(jdk).classpath(Path.of(classpath)).main(JarResourceStreams.class, jar.toString()).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.leaks()).as(result.summary()).isEmpty();
        assertThat(result.report().summary().agentErrors()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theStreamsALoaderReadsClassesThroughAreNotTracked(Jdk jdk) throws Exception {
        int classes = 40;
        StringBuilder source = new StringBuilder("package plugin; public class Many {");
        List<String> names = new ArrayList<>(List.of("plugin.Many"));
        for (int i = 1; i < classes; i++) {
            source.append(" public static class C").append(i).append(" { }");
            names.add("plugin.Many$C" + i);
        }
        Path dir = AgentRun.newWorkDirectory("many-");
        Path jar = Compiler.jar(Compiler.compile(dir, "plugin.Many", source.append(" }").toString()), dir.resolve("many.jar"));
        names.add(0, jar.toString());

        AgentRun.Result result = AgentRun.on(jdk).main(ManyClassesLoaded.class, names.toArray(new String[0])).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("loaded=" + classes);
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        assertThat(result.leaks()).as(result.summary()).isEmpty();
        // The loader opens two entry streams of its jar per class it reads and closes them itself: were they
        // tracked, 80 objects. The loader, what it opens for itself, and what the JVM opens are far fewer.
        assertThat(result.report().summary().tracked()).as(result.summary()).isLessThan(classes);
    }
}
