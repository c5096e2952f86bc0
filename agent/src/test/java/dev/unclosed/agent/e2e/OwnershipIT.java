package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.ArchiveLeaks;
import dev.unclosed.scenarios.ConstructorOpensThenThrows;
import dev.unclosed.scenarios.DeclaredResource;
import dev.unclosed.scenarios.HeldByDesign;
import dev.unclosed.scenarios.LockedFiles;
import dev.unclosed.scenarios.NioLeaks;
import dev.unclosed.scenarios.OwningClasses;
import dev.unclosed.scenarios.ResourceFree;
import dev.unclosed.scenarios.WrapperChains;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Scanner;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static dev.unclosed.agent.e2e.TrackingIT.run;
import static org.assertj.core.api.Assertions.assertThat;

/** One leak, one finding, as the object the user should have closed; nothing for what holds no resource. */
class OwnershipIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void wrapperChainsAreOneFindingAsTheOutermostWrapper(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, WrapperChains.class);

        Leak reader = result.leakAt(WrapperChains.class, "bufferedReader");
        assertThat(reader.type()).isEqualTo(BufferedReader.class.getName());
        assertThat(reader.owns()).startsWith(FileReader.class.getName()).endsWith(FileInputStream.class.getName());
        assertThat(result.leakAt(WrapperChains.class, "fileReaderByName").type()).isEqualTo(FileReader.class.getName());
        assertThat(result.leakAt(WrapperChains.class, "printWriter").type()).isEqualTo(PrintWriter.class.getName());
        assertThat(result.leakAt(WrapperChains.class, "scanner").type()).isEqualTo(Scanner.class.getName());
        assertThat(result.leakAt(WrapperChains.class, "dataInput").type()).isEqualTo(DataInputStream.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(5).allMatch(l -> l.count() == 1 && l.kind().equals(Leak.KIND_GC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aConstructorThatOpensAStreamAndThrowsLeaksTheStreamAtTheLineInside(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ConstructorOpensThenThrows.class);

        Leak opened = result.leakAt(ConstructorOpensThenThrows.class, "opened");
        assertThat(opened.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(opened.site().methodName()).isEqualTo("<init>");
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void userClassesThatOwnAStreamAreReportedAsThemselves(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, OwningClasses.class);

        Leak handler = result.leakAt(OwningClasses.class, "handler");
        assertThat(handler.type()).isEqualTo(OwningClasses.FileHandler.class.getName());
        assertThat(handler.owns()).containsExactly(FileInputStream.class.getName());
        Leak session = result.leakAt(OwningClasses.class, "session");
        assertThat(session.type()).isEqualTo(OwningClasses.Session.class.getName());
        Leak forgotten = result.leakAt(OwningClasses.class, "forgotten");
        assertThat(forgotten.type()).as("the owner was closed, so its stream is judged on its own")
                .isEqualTo(FileInputStream.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void closeablesThatHoldNoResourceAreNeverReported(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ResourceFree.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
        assertThat(result.report().summary().tracked()).as("resource-free objects are not even tracked").isLessThan(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void strictReportsClosablesThatHoldNoResource(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ResourceFree.class, "strict");

        Leak byteArray = result.leakAt(ResourceFree.class, "byteArray");
        assertThat(byteArray.type()).isEqualTo(ByteArrayInputStream.class.getName());
        assertThat(byteArray.count()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void nioFactoryResultsAreOneFindingEachAtTheUsersLine(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, NioLeaks.class);

        for (String marker : new String[]{"newInputStream", "newOutputStream", "newBufferedReader", "newBufferedWriter",
                "lines", "list", "walk", "newDirectoryStream", "channelOpen", "getChannel"}) {
            Leak leak = result.leakAt(NioLeaks.class, marker);
            assertThat(leak.count()).as(marker).isEqualTo(1);
            assertThat(leak.kind()).as(marker).isEqualTo(Leak.KIND_GC);
        }
        assertThat(result.leakAt(NioLeaks.class, "getChannel").type()).isEqualTo(FileInputStream.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aLockedChannelDroppedWithItsLockIsTheChannelsLeakWhereItWasOpened(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, LockedFiles.class);

        for (String marker : new String[]{"lock", "tryLock", "sharedRange"}) {
            Leak channel = result.leakAt(LockedFiles.class, marker);
            assertThat(channel.type()).as(marker).isEqualTo("sun.nio.ch.FileChannelImpl");
            assertThat(channel.kind()).as(marker).isEqualTo(Leak.KIND_GC);
            assertThat(channel.count()).as(marker).isEqualTo(1);
            assertThat(channel.owns()).as(marker).isEmpty();
        }
        Leak file = result.leakAt(LockedFiles.class, "randomAccessFile");
        assertThat(file.type()).isEqualTo(RandomAccessFile.class.getName());
        assertThat(file.owns()).containsExactly("sun.nio.ch.FileChannelImpl");
        Leak out = result.leakAt(LockedFiles.class, "fileOutputStream");
        assertThat(out.type()).isEqualTo(FileOutputStream.class.getName());
        assertThat(out.owns()).containsExactly("sun.nio.ch.FileChannelImpl");
        assertThat(result.leaks()).as(result.summary()).hasSize(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aFileLockIsNeverAFindingNotEvenUnreleasedOnAClosedChannelUnderStrict(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, LockedFiles.class, "strict");

        assertThat(result.leaksAt(LockedFiles.class, "closedChannel")).as(result.summary()).isEmpty();
        assertThat(result.leaks()).as(result.summary())
                .noneMatch(l -> l.type().equals("sun.nio.ch.FileLockImpl") || l.owns().contains("sun.nio.ch.FileLockImpl"));
        assertThat(result.leakAt(LockedFiles.class, "lock").type()).isEqualTo("sun.nio.ch.FileChannelImpl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void archivesAreOneFindingEach(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ArchiveLeaks.class);

        assertThat(result.leakAt(ArchiveLeaks.class, "zipFile").type()).isEqualTo(ZipFile.class.getName());
        assertThat(result.leakAt(ArchiveLeaks.class, "jarFile").type()).isEqualTo(JarFile.class.getName());
        assertThat(result.leakAt(ArchiveLeaks.class, "zipInput").type()).isEqualTo(ZipInputStream.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void handlesHeldByTheJdkOrAStaticInitializerAreNotReported(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("plugin-");
        Path classes = Compiler.compile(dir, "plugin.Plugin", "package plugin; public class Plugin { public Plugin() { } }");
        Path jar = Compiler.jar(classes, dir.resolve("plugin.jar"));
        String classpath = System.getProperty("unclosed.testClasses", "target/test-classes") + java.io.File.pathSeparator + jar;

        AgentRun.Result result = AgentRun.on(jdk).classpath(Path.of(classpath)).main(HeldByDesign.class, "plugin.Plugin").run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.leaks()).as(result.summary()).isEmpty();
        assertThat(result.report().summary().agentErrors()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void strictReportsWhatAStaticInitializerHolds(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, HeldByDesign.class, "strict");

        Leak catalog = result.leakAt(HeldByDesign.class, "catalog");
        assertThat(catalog.kind()).isEqualTo(Leak.KIND_EXIT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void declaredResourcesCountAsResources(Jdk jdk) throws Exception {
        assertThat(run(jdk, DeclaredResource.class).leaks()).isEmpty();

        AgentRun.Result declared = run(jdk, DeclaredResource.class, "resources=dev.unclosed.scenarios.*Handle");

        assertThat(declared.leakAt(DeclaredResource.class, "handle").type()).isEqualTo(DeclaredResource.NativeHandle.class.getName());
    }
}
