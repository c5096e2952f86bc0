package dev.unclosed.agent.e2e;

import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakPath;
import dev.unclosed.report.OwnedObject;
import dev.unclosed.scenarios.ChannelHandedToALibrary;
import dev.unclosed.scenarios.OnceReader;
import dev.unclosed.scenarios.OneSiteManyCallers;
import dev.unclosed.scenarios.SubclassLeaks;
import dev.unclosed.scenarios.WrappersDroppedBeforeTheirResourceCloses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.unclosed.agent.e2e.TrackingIT.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every finding can be trusted: its site and stack are its own objects', and it does not depend on when the
 * collector ran.
 */
class FindingTrustIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static List<String> methods(List<Frame> stack) {
        return stack.stream().map(Frame::methodName).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassAlsoMadeInsideAnotherClosedConstructorLeaksAtItsOwnLine(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, OneSiteManyCallers.class);

        Leak direct = result.leakAt(OneSiteManyCallers.class, "direct");
        assertThat(direct.type()).isEqualTo(OneSiteManyCallers.SplitOut.class.getName());
        assertThat(direct.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(direct.count()).isEqualTo(1);
        assertThat(direct.stack()).noneMatch(f -> f.className().equals(OneSiteManyCallers.Archive.class.getName()));
        assertThat(result.leaksAt(OneSiteManyCallers.class, "insideArchive")).isEmpty();
        assertThat(result.leaksAt(OneSiteManyCallers.class, "splitOutFile")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aHelpersLeakShowsTheCallerThatLeakedAndNoneThatClosed(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, OneSiteManyCallers.class);

        Leak helper = result.leakAt(OneSiteManyCallers.class, "helper");
        assertThat(helper.type()).isEqualTo(FileInputStream.class.getName());
        assertThat(helper.count()).isEqualTo(1);
        assertThat(methods(helper.stack())).contains("open", "leakingCaller").doesNotContain("callerOne", "callerTwo", "callerThree");
        assertThat(helper.paths()).hasSize(1);
        assertThat(helper.paths().get(0).complete()).isTrue();
        assertThat(helper.paths().get(0).stack()).isEqualTo(helper.stack());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aSiteThatSharedItsStackShowsNoCallersItDidNotSeeAndTheLeakersOwnAfterwards(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, OneSiteManyCallers.class);

        Leak later = result.leakAt(OneSiteManyCallers.class, "helperLater");
        assertThat(later.count()).isEqualTo(3);
        assertThat(later.paths()).extracting(LeakPath::count).containsExactly(2L, 1L);
        LeakPath own = later.paths().get(0);
        assertThat(own.complete()).isTrue();
        assertThat(methods(own.stack())).contains("secondLateLeakingCaller");
        LeakPath shared = later.paths().get(1);
        assertThat(shared.complete()).as("the first leak had the stack the site shared").isFalse();
        assertThat(shared.stack().get(shared.stack().size() - 1)).isEqualTo(later.site());
        assertThat(later.paths()).allSatisfy(p -> assertThat(methods(p.stack())).doesNotContain("manyClosingCalls"));
        assertThat(later.stack()).isEqualTo(own.stack());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void wrappersDroppedWhileWhatTheyWrapIsClosedLaterAreNotLeaks(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, WrappersDroppedBeforeTheirResourceCloses.class);

        Leak reader = result.leakAt(WrappersDroppedBeforeTheirResourceCloses.class, "reader");
        assertThat(reader.type()).isEqualTo(BufferedReader.class.getName());
        assertThat(reader.owns()).endsWith(FileInputStream.class.getName());
        Leak jar = result.leakAt(WrappersDroppedBeforeTheirResourceCloses.class, "jarFile");
        assertThat(jar.type()).isEqualTo(JarFile.class.getName());
        assertThat(result.leaks()).as(result.summary()).hasSize(2).allMatch(l -> l.count() == 1 && l.kind().equals(Leak.KIND_GC));
    }

    /** What must not change between runs of one program: everything but timestamps and thread names. */
    private record Finding(String id, String type, String kind, long count, Frame site, List<String> owns) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theSameProgramGivesTheSameFindingsEveryRun(Jdk jdk) throws Exception {
        List<List<Finding>> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            AgentRun.Result result = run(jdk, WrappersDroppedBeforeTheirResourceCloses.class);
            runs.add(result.leaks().stream()
                    .map(l -> new Finding(l.id(), l.type(), l.kind(), l.count(), l.site(), l.owns()))
                    .sorted((a, b) -> a.id().compareTo(b.id()))
                    .collect(Collectors.toList()));
        }

        assertThat(runs.get(0)).hasSize(2);
        assertThat(runs).allSatisfy(findings -> assertThat(findings).isEqualTo(runs.get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aChannelWrappedByALibraryIsReportedWithTheLineThatOpenedIt(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ChannelHandedToALibrary.class);

        Leak wrapped = result.leakAt(OnceReader.class, "wrapped");
        assertThat(wrapped.owns()).containsExactly("sun.nio.ch.FileChannelImpl");
        assertThat(wrapped.owned()).hasSize(1);
        OwnedObject channel = wrapped.owned().get(0);
        assertThat(channel.type()).isEqualTo("sun.nio.ch.FileChannelImpl");
        assertThat(channel.site().fileName()).isEqualTo("ChannelHandedToALibrary.java");
        assertThat(channel.site().lineNumber()).isEqualTo(SourceMarkers.line(ChannelHandedToALibrary.class, "opened"));
        assertThat(methods(channel.stack())).contains("readFirstByte", "main");
        assertThat(wrapped.paths().get(0).owned()).containsExactly(channel);
        assertThat(result.leaks()).as(result.summary()).hasSize(1);

        java.nio.file.Path sarif = result.directory().resolve("leaks.sarif");
        CheckRun check = CheckRun.of("check", result.reportFile().toString(), "--sarif", sarif.toString());
        int opened = SourceMarkers.line(ChannelHandedToALibrary.class, "opened");
        int wrap = SourceMarkers.line(OnceReader.class, "wrapped");
        assertThat(java.nio.file.Files.readString(sarif)).contains("\"relatedLocations\"")
                .contains("\"uri\" : \"dev/unclosed/scenarios/ChannelHandedToALibrary.java\"")
                .contains("\"startLine\" : " + opened);
        assertThat(check.stdout()).contains("sun.nio.ch.FileChannelImpl opened at ChannelHandedToALibrary.java:" + opened
                + " (dev.unclosed.scenarios.ChannelHandedToALibrary.readFirstByte), wrapped at OnceReader.java:" + wrap);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aSubclassConstructorInTheStackShowsItsSuperCallNotItsClosingBrace(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, SubclassLeaks.class);

        Leak counting = result.leakAt(SubclassLeaks.class, "counting");
        assertThat(counting.stack()).filteredOn(f -> f.className().equals(SubclassLeaks.CountingInputStream.class.getName()))
                .extracting(Frame::lineNumber).containsExactly(SourceMarkers.line(SubclassLeaks.class, "superCall"));
    }
}
