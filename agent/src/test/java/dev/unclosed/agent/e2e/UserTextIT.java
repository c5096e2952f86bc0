package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.LeakedFiles;
import dev.unclosed.scenarios.NoLeaks;
import dev.unclosed.scenarios.PublicApis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.unclosed.agent.e2e.TrackingIT.run;
import static org.assertj.core.api.Assertions.assertThat;

/** What a person reads from the agent: its line at exit, its warnings, and the public names of internal types. */
class UserTextIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRunWithoutLeaksSaysSoInOneLineWithTheReportsPath(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, NoLeaks.class);

        assertThat(result.leaks()).isEmpty();
        assertThat(result.stderr()).containsPattern("unclosed: no leaks \\(\\d+ tracked, \\d+ closed\\); report: .*"
                + java.util.regex.Pattern.quote(result.reportFile().getFileName().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anInternalTypeCarriesThePublicCallAndTypeTheUserWrote(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, PublicApis.class);

        Leak directory = result.leakAt(PublicApis.class, "newDirectoryStream");
        assertThat(directory.type()).startsWith("sun.nio.fs.");
        assertThat(directory.api().call()).isEqualTo("java.nio.file.Files.newDirectoryStream");
        assertThat(directory.api().type()).isEqualTo("java.nio.file.DirectoryStream");
        Leak channel = result.leakAt(PublicApis.class, "channelOpen");
        assertThat(channel.type()).isEqualTo("sun.nio.ch.FileChannelImpl");
        assertThat(channel.api().call()).isEqualTo("java.nio.channels.FileChannel.open");
        assertThat(channel.api().type()).isEqualTo("java.nio.channels.FileChannel");
        Leak selector = result.leakAt(PublicApis.class, "selector");
        assertThat(selector.api().call()).isEqualTo("java.nio.channels.Selector.open");
        assertThat(selector.api().type()).isEqualTo("java.nio.channels.Selector");
        assertThat(result.stderr()).contains("from java.nio.channels.FileChannel.open (a java.nio.channels.FileChannel)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aPublicTypeMadeWithNewHasNoApi(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, PublicApis.class);

        assertThat(result.leakAt(PublicApis.class, "fileInputStream").api()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anIncludePatternThatMatchedNothingIsWarnedAboutWithHowToWriteAPackage(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, LeakedFiles.class, "include=dev.unclosed.scenarios");

        assertThat(result.leaks()).isEmpty();
        assertThat(result.stderr()).contains("unclosed: include pattern 'dev.unclosed.scenarios' matched no leaked type or"
                + " site class; a package and its subpackages are written dev.unclosed.scenarios.*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aPatternThatMatchedIsNotWarnedAbout(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, LeakedFiles.class, "include=dev.unclosed.scenarios.*");

        assertThat(result.leaks()).isNotEmpty();
        assertThat(result.stderr()).doesNotContain("matched no leaked type");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aMisspelledOptionSuggestsTheNearestOne(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("stackdepth=8").main(LeakedFiles.class).run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("unclosed: unknown option 'stackdepth' in the agent's argument (did you mean stackDepth?)");
    }
}
