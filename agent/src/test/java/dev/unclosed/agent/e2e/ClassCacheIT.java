package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.ApplicationJarHandles;
import dev.unclosed.scenarios.ArchiveLeaks;
import dev.unclosed.scenarios.CallSiteLeaks;
import dev.unclosed.scenarios.LibraryHandles;
import dev.unclosed.scenarios.OpensFirstThing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the agent keeps between runs ({@code cache}): the headers of the jars' classes and the closeables as it
 * instrumented them. A run that uses them reports what a run without them does; a header read ahead from the wrong
 * jar (the same class earlier on the class path) is corrected when the class loads, in both directions.
 */
class ClassCacheIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static final String CLOSEABLE_BASE = "package lib; public class Base implements java.io.Closeable {"
            + " public void close() { } }";
    private static final String PLAIN_BASE = "package lib; public class Base { }";
    private static final String HANDLE = "package lib; public class Handle extends Base { public Handle() { } }";

    /** A jar of lib.Base (as given) and, if asked, lib.Handle compiled against it. */
    private static Path jar(String name, String base, boolean withHandle) throws Exception {
        Path dir = AgentRun.newWorkDirectory(name + "-");
        Path classes = Compiler.compile(dir, "lib.Base", base);
        if (withHandle) {
            Compiler.compile(dir, "lib.Handle", HANDLE, classes);
        }
        return Compiler.jar(classes, dir.resolve(name + ".jar"));
    }

    private static AgentRun.Result run(Jdk jdk, Path cache, long waitMillis, Path... jars) throws Exception {
        Path[] classpath = Stream.concat(Stream.of(AgentRun.testClasses()), Stream.of(jars)).toArray(Path[]::new);
        AgentRun.Result result = AgentRun.on(jdk).options("resources=lib.*", "cache=" + cache).classpath(classpath)
                .main(LibraryHandles.class, Long.toString(waitMillis)).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as("errors inside the agent" + result.describe()).isZero();
        return result;
    }

    private static List<String> describe(List<Leak> leaks) {
        return leaks.stream().map(l -> l.type() + " " + l.kind() + " x" + l.count() + " at " + l.site().fileName() + ":"
                + l.site().lineNumber()).sorted().collect(Collectors.toList());
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    /** The entries of the pack of copies kept for the jar whose name starts so. */
    private static List<String> packEntries(Path cache, String jarName) throws IOException {
        Path pack = files(cache).stream().filter(p -> p.getFileName().toString().startsWith(jarName)
                && p.getFileName().toString().endsWith(".copies")).findFirst().orElseThrow();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(pack.toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName).collect(Collectors.toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRunThatReadsTheCacheReportsWhatTheRunThatWroteItDid(Jdk jdk) throws Exception {
        Path lib = jar("lib", CLOSEABLE_BASE, true);
        Path cache = AgentRun.newWorkDirectory("cache-");

        AgentRun.Result first = run(jdk, cache, 0, lib);
        assertThat(files(cache)).as("the jar's index")
                .anyMatch(p -> p.getFileName().toString().startsWith("lib.jar-") && p.toString().endsWith(".idx"));
        assertThat(packEntries(cache, "lib.jar-")).as("the instrumented closeables, in the jar's pack")
                .anyMatch(name -> name.startsWith("lib/Handle-"))
                .anyMatch(name -> name.startsWith("lib/Base-"));
        AgentRun.Result second = run(jdk, cache, 0, lib);

        Leak handle = second.leakAt(LibraryHandles.class, "handle");
        assertThat(handle.type()).isEqualTo("lib.Handle");
        assertThat(handle.count()).isEqualTo(1);
        assertThat(describe(second.leaks())).isEqualTo(describe(first.leaks()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void applicationCodeReusedFromTheCacheReportsItsCallSitesAsWhenItWasInstrumented(Jdk jdk) throws Exception {
        Path cache = AgentRun.newWorkDirectory("cache-");

        List<AgentRun.Result> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 3; run++) {
            AgentRun.Result result = AgentRun.on(jdk).options("cache=" + cache).main(CallSiteLeaks.class).run();
            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
            runs.add(result);
        }

        assertThat(files(cache)).as("the scenario, its call sites marked, kept")
                .anyMatch(p -> p.getFileName().toString().startsWith(CallSiteLeaks.class.getName() + "-")
                        && p.getFileName().toString().endsWith("-sites.class-copy"));
        for (AgentRun.Result result : runs) {
            Leak byFile = result.leakAt(CallSiteLeaks.class, "byFile");
            Leak byName = result.leakAt(CallSiteLeaks.class, "byName");
            assertThat(byFile.count()).as("one site, one finding, its own count").isEqualTo(270);
            assertThat(byName.count()).isEqualTo(130);
            assertThat(result.leaks()).hasSize(2);
            assertThat(describe(result.leaks())).isEqualTo(describe(runs.get(0).leaks()));
        }
    }

    /**
     * The JDK's closeables loaded before the agent (FileInputStream and the like) are retransformed by every JVM at
     * start: with a cache, from the copies an earlier run kept, all in one file, with none instrumented anew.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theJdkClassesLoadedBeforeTheAgentComeFromKeptCopiesInOneFile(Jdk jdk) throws Exception {
        Path cache = AgentRun.newWorkDirectory("cache-");
        Path log = AgentRun.newWorkDirectory("jdk-copies-").resolve("classes.log");

        AgentRun.Result first = opensFirstThing(jdk, cache, null);
        assertThat(files(cache).stream().map(p -> p.getFileName().toString()))
                .as("the JDK's copies, in one file").filteredOn(name -> name.endsWith(".pack")).hasSize(1)
                .noneMatch(name -> name.startsWith("java.io.FileInputStream-"));
        // The JVM hands some of these classes to the agent in one of two forms from run to run (see
        // FirstInstrumentationIT): each is kept once met, hence the tries.
        List<String> asm = List.of("not run");
        AgentRun.Result later = first;
        for (int run = 0; run < 6 && !asm.isEmpty(); run++) {
            later = opensFirstThing(jdk, cache, log);
            asm = beforeMain(Files.readAllLines(log)).stream().filter(line -> line.contains(".shaded.asm."))
                    .collect(Collectors.toList());
            assertThat(describe(later.leaks())).isEqualTo(describe(first.leaks()));
        }

        assertThat(asm).as("ASM loaded before main: a JDK class was instrumented anew").isEmpty();
        assertThat(later.leakAt(OpensFirstThing.class, "fileIn").type()).isEqualTo("java.io.FileInputStream");
    }

    /** Those that load later differ from program to program: each is a file of its own, read only when it loads. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aJdkClassThatLoadsAfterTheAgentIsKeptInAFileOfItsOwn(Jdk jdk) throws Exception {
        Path cache = AgentRun.newWorkDirectory("cache-");

        AgentRun.Result result = AgentRun.on(jdk).options("cache=" + cache).main(ArchiveLeaks.class).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        assertThat(files(cache).stream().map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.startsWith("java.util.zip.ZipOutputStream-") && name.endsWith(".class-copy"));
    }

    /** The classes loaded before the scenario's own (the report at exit reads class files with ASM). */
    private static List<String> beforeMain(List<String> classLoads) {
        for (int i = 0; i < classLoads.size(); i++) {
            if (classLoads.get(i).contains(" " + OpensFirstThing.class.getName() + " ")) {
                return classLoads.subList(0, i);
            }
        }
        throw new AssertionError("the scenario's class never loaded: " + classLoads.size() + " classes");
    }

    private static AgentRun.Result opensFirstThing(Jdk jdk, Path cache, Path classLog) throws Exception {
        AgentRun run = AgentRun.on(jdk).options("cache=" + cache);
        if (classLog != null) {
            run.jvmOptions("-Xlog:class+load:file=" + classLog);
        }
        AgentRun.Result result = run.main(OpensFirstThing.class, AgentRun.agentJar().toString()).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aCorruptCacheIsIgnored(Jdk jdk) throws Exception {
        Path lib = jar("lib", CLOSEABLE_BASE, true);
        Path cache = AgentRun.newWorkDirectory("cache-");
        run(jdk, cache, 0, lib);
        for (Path file : files(cache)) {
            byte[] content = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(content, content.length / 2)); // cut short
        }

        AgentRun.Result result = run(jdk, cache, 0, lib);

        assertThat(result.leakAt(LibraryHandles.class, "handle").type()).isEqualTo("lib.Handle");
        assertThat(result.stderr()).doesNotContain("Exception");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassWhoseSupertypeWasReadAheadFromTheWrongJarIsTrackedOnceTheRightOneLoads(Jdk jdk) throws Exception {
        // The loader takes lib.Base from the first jar (a closeable); lib.Handle's own jar has another lib.Base.
        Path first = jar("closeable-base", CLOSEABLE_BASE, false);
        Path second = jar("plain-base", PLAIN_BASE, true);
        Path cache = AgentRun.newWorkDirectory("cache-");

        for (int run = 1; run <= 2; run++) { // without the cache's indexes, then with them
            AgentRun.Result result = run(jdk, cache, 1000, first, second);

            assertThat(result.stdout()).contains("closeable: true");
            Leak handle = result.leakAt(LibraryHandles.class, "handle");
            assertThat(handle.type()).as("run " + run).isEqualTo("lib.Handle");
            assertThat(handle.count()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassKnownToNeedNoHooksIsTrackedOnceItsSupertypeLoadsAsACloseableFromAnotherJar(Jdk jdk) throws Exception {
        // The first run has lib.Handle's jar alone: its index learns that lib.Handle, a subclass of the jar's plain
        // lib.Base, needs no hooks, and the next run leaves it so without a look at its supertypes. There, a jar
        // earlier on the class path brings a closeable lib.Base, abstract: its constructor has no hook of its own,
        // so lib.Handle's objects are tracked only if lib.Handle is instrumented after all.
        Path closeableBase = jar("abstract-closeable-base", "package lib; public abstract class Base"
                + " implements java.io.Closeable { public void close() { } }", false);
        Path handles = jar("plain-base", PLAIN_BASE, true);
        Path cache = AgentRun.newWorkDirectory("cache-");
        AgentRun.Result alone = run(jdk, cache, 0, handles);
        assertThat(alone.stdout()).contains("closeable: false");
        assertThat(alone.leaks()).as(alone.summary()).isEmpty();

        // Twice: in the first of the two, lib.Base is the first class instrumented anew, and the sweep that follows
        // ASM's first use would find lib.Handle anyway; in the second, lib.Base comes from its kept copy.
        for (int run = 2; run <= 3; run++) {
            AgentRun.Result result = run(jdk, cache, 1000, closeableBase, handles);

            assertThat(result.stdout()).contains("closeable: true");
            Leak handle = result.leakAt(LibraryHandles.class, "handle");
            assertThat(handle.type()).as("run " + run).isEqualTo("lib.Handle");
            assertThat(handle.count()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassReadAheadAsACloseableThatIsNotOneOnceItsSupertypeLoadsIsNotReported(Jdk jdk) throws Exception {
        Path first = jar("plain-base", PLAIN_BASE, false);
        Path second = jar("closeable-base", CLOSEABLE_BASE, true);
        Path cache = AgentRun.newWorkDirectory("cache-");

        for (int run = 1; run <= 2; run++) {
            AgentRun.Result result = run(jdk, cache, 0, first, second);

            assertThat(result.stdout()).contains("closeable: false");
            assertThat(result.leaks()).as("run " + run + result.summary()).isEmpty();
        }
    }

    /** Application code in a jar: {@code new lib.Handle()} on line 4 of Maker.java. */
    private static final String MAKER = "package app;\npublic class Maker {\n    public static Object make() {\n"
            + "        return new lib.Handle();\n    }\n}\n";

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void applicationCodeKnownToCallNoTrackedConstructorStillReportsOnceALibraryMakesItsCallTracked(Jdk jdk)
            throws Exception {
        // The application's jar is the same in both runs; the library it calls is upgraded in between, and its
        // lib.Handle becomes a closeable. The first run's index says app.Maker calls no tracked constructor.
        Path before = jar("lib-1", PLAIN_BASE, true);
        Path after = jar("lib-2", CLOSEABLE_BASE, true);
        Path app = makerJar(before);
        Path cache = AgentRun.newWorkDirectory("cache-");

        AgentRun.Result first = runApplicationJar(jdk, cache, app, before);
        assertThat(first.stdout()).contains("closeable: false");
        assertThat(first.leaks()).as(first.summary()).isEmpty();
        AgentRun.Result second = runApplicationJar(jdk, cache, app, after);

        assertThat(second.stdout()).contains("closeable: true");
        assertMakersHandlesLeaked(second);
        assertThat(describe(runApplicationJar(jdk, AgentRun.newWorkDirectory("cache-"), app, after).leaks()))
                .as("as a run without the cache").isEqualTo(describe(second.leaks()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void applicationCodeKeptAsCallingATrackedConstructorStopsReportingOnceALibraryMakesItsCallUntracked(Jdk jdk)
            throws Exception {
        // The other way round: the first runs find app.Maker calling a tracked constructor and keep its copy, which
        // the second takes without scanning the class again; the library is then downgraded, its lib.Handle no
        // longer a closeable, and the kept copy no longer holds.
        Path before = jar("lib-1", CLOSEABLE_BASE, true);
        Path after = jar("lib-2", PLAIN_BASE, true);
        Path app = makerJar(before);
        Path cache = AgentRun.newWorkDirectory("cache-");

        AgentRun.Result first = runApplicationJar(jdk, cache, app, before);
        AgentRun.Result second = runApplicationJar(jdk, cache, app, before);
        assertMakersHandlesLeaked(first);
        assertThat(describe(second.leaks())).as("from the kept copy").isEqualTo(describe(first.leaks()));
        AgentRun.Result third = runApplicationJar(jdk, cache, app, after);

        assertThat(third.stdout()).contains("closeable: false");
        assertThat(third.leaks()).as(third.summary()).isEmpty();
    }

    /** The one finding of app.Maker's three lib.Handle objects, at its line. */
    private static void assertMakersHandlesLeaked(AgentRun.Result result) {
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
        Leak handles = result.leaks().get(0);
        assertThat(handles.type()).isEqualTo("lib.Handle");
        assertThat(handles.count()).as("one site, one finding").isEqualTo(3);
        assertThat(handles.site().fileName()).isEqualTo("Maker.java");
        assertThat(handles.site().lineNumber()).isEqualTo(4);
    }

    /** The application's jar: app.Maker, compiled against {@code lib}. */
    private static Path makerJar(Path lib) throws Exception {
        Path dir = AgentRun.newWorkDirectory("app-");
        return Compiler.jar(Compiler.compile(dir, "app.Maker", MAKER, lib), dir.resolve("app.jar"));
    }

    private static AgentRun.Result runApplicationJar(Jdk jdk, Path cache, Path app, Path lib) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("resources=lib.*", "application=app.*", "cache=" + cache)
                .classpath(AgentRun.testClasses(), app, lib).main(ApplicationJarHandles.class).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as("errors inside the agent" + result.describe()).isZero();
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withCacheOffNothingIsWritten(Jdk jdk) throws Exception {
        Path lib = jar("lib", CLOSEABLE_BASE, true);
        Path home = AgentRun.newWorkDirectory("home-");

        AgentRun.Result result = AgentRun.on(jdk).options("resources=lib.*", "cache=off")
                .jvmOptions("-Duser.home=" + home).classpath(AgentRun.testClasses(), lib).main(LibraryHandles.class).run();

        assertThat(result.leakAt(LibraryHandles.class, "handle").type()).isEqualTo("lib.Handle");
        assertThat(files(home)).isEmpty();
    }
}
