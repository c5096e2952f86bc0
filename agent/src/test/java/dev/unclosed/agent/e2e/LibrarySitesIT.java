package dev.unclosed.agent.e2e;

import dev.unclosed.library.Opener;
import dev.unclosed.report.Leak;
import dev.unclosed.launcher.Launch;
import dev.unclosed.scenarios.LibraryCalls;
import dev.unclosed.scenarios.LibraryOpensOnItsOwnThread;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leak's site is the application's line, not the line in the library that created the object for it. Classes
 * from jars are libraries, classes from directories the application, and {@code application=} names application
 * classes packaged in jars. Here the library is {@link Opener}, packed into a jar of its own.
 */
class LibrarySitesIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    /** A jar of the named classes, copied from the test classes. */
    private static Path jarOf(Path dir, String name, Class<?>... classes) throws IOException {
        return jarOf(dir, name, new Manifest(), classes);
    }

    private static Path jarOf(Path dir, String name, Manifest manifest, Class<?>... classes) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name + "-classes"));
        for (Class<?> c : classes) {
            Path from = AgentRun.testClasses().resolve(c.getName().replace('.', '/') + ".class");
            Path to = copy.resolve(AgentRun.testClasses().relativize(from));
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        }
        return Compiler.jar(copy, dir.resolve(name + ".jar"), manifest);
    }

    private static Path libraryJar(Path dir) throws IOException, ClassNotFoundException {
        return jarOf(dir, "library", Opener.class, Class.forName(Opener.class.getName() + "$1"));
    }

    private static Path scenarioJar(Path dir) throws IOException, ClassNotFoundException {
        return jarOf(dir, "scenarios", LibraryCalls.class, LibraryOpensOnItsOwnThread.class,
                Class.forName("dev.unclosed.scenarios.Scratch"));
    }

    /** The scenario as an executable jar, whose manifest puts the library's jar beside it on the class path. */
    private static Path executableJar(Path dir) throws IOException, ClassNotFoundException {
        libraryJar(dir);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LibraryCalls.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "library.jar");
        return jarOf(dir, "app", manifest, LibraryCalls.class, Class.forName("dev.unclosed.scenarios.Scratch"));
    }

    private static AgentRun.Result run(AgentRun run) throws Exception {
        AgentRun.Result result = run.run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as("errors inside the agent" + result.describe()).isZero();
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void eachCallOfALibraryFromTheApplicationsDirectoryIsASiteOfItsOwn(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("library-");
        // The library's jar first: its class is loaded from there, not from the test classes that also have it.
        AgentRun.Result result = run(AgentRun.on(jdk).classpath(libraryJar(dir), AgentRun.testClasses()).main(LibraryCalls.class));

        for (String call : new String[] {"first", "second"}) {
            Leak leak = result.leakAt(LibraryCalls.class, call);
            assertThat(leak.type()).isEqualTo(FileInputStream.class.getName());
            assertThat(leak.count()).as(call).isEqualTo(1);
            assertThat(leak.stack()).extracting(f -> f.className()).as("the library's frame is still in the stack")
                    .contains(Opener.class.getName());
        }
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
    }

    private static Path launcherJar(Path dir) throws IOException {
        return jarOf(dir, "launcher", Launch.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theJarOfTheMainClassIsTheApplication(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("library-");
        AgentRun.Result result = run(AgentRun.on(jdk).classpath(libraryJar(dir), scenarioJar(dir)).main(LibraryCalls.class));

        assertThat(result.leakAt(LibraryCalls.class, "first").count()).isEqualTo(1);
        assertThat(result.leakAt(LibraryCalls.class, "second").count()).isEqualTo(1);
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anApplicationPackagedInJarsBesideItsMainClassIsNamedByTheApplicationOption(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("library-");
        Path[] classpath = {libraryJar(dir), scenarioJar(dir), launcherJar(dir)};
        AgentRun.Result named = run(AgentRun.on(jdk).options("application=dev.unclosed.scenarios.*")
                .classpath(classpath).main(Launch.class));
        AgentRun.Result unnamed = run(AgentRun.on(jdk).classpath(classpath).main(Launch.class));

        assertThat(named.leakAt(LibraryCalls.class, "first").count()).isEqualTo(1);
        assertThat(named.leakAt(LibraryCalls.class, "second").count()).isEqualTo(1);
        assertThat(named.leaks()).as(named.summary()).hasSize(2);
        assertThat(unnamed.leakAt(Launch.class, "launched").count()).as("the main class's line, outside the library jars").isEqualTo(2);
        assertThat(unnamed.leaks()).as(unnamed.summary()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutAnyApplicationFrameTheSiteIsTheFirstFrameOutsideTheJdk(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("library-");
        AgentRun.Result result = run(AgentRun.on(jdk).classpath(libraryJar(dir), scenarioJar(dir))
                .main(LibraryOpensOnItsOwnThread.class));

        Leak opened = result.leakAt(Opener.class, "opened");
        assertThat(opened.site().methodName()).isEqualTo("open");
        assertThat(opened.count()).isEqualTo(1);
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theMainJarOfJavaDashJarIsTheApplication(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("library-");
        AgentRun.Result result = run(AgentRun.on(jdk).mainJar(executableJar(dir)));

        assertThat(result.leakAt(LibraryCalls.class, "first").count()).isEqualTo(1);
        assertThat(result.leakAt(LibraryCalls.class, "second").count()).isEqualTo(1);
        assertThat(result.leaks()).as(result.summary()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aLeakThroughALibraryHasTheSameIdInEveryRun(Jdk jdk) throws Exception {
        Map<Integer, String> first = idsByLine(jdk);
        Map<Integer, String> second = idsByLine(jdk);

        assertThat(first).hasSize(2).isEqualTo(second);
    }

    private static Map<Integer, String> idsByLine(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("library-");
        AgentRun.Result result = run(AgentRun.on(jdk).classpath(libraryJar(dir), AgentRun.testClasses()).main(LibraryCalls.class));
        return result.leaks().stream().collect(Collectors.toMap(l -> l.site().lineNumber(), Leak::id));
    }
}
