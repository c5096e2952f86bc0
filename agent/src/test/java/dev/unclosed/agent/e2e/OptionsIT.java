package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;
import dev.unclosed.scenarios.CallSiteLeaks;
import dev.unclosed.scenarios.LeakedFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Agent options as users write them: in the -javaagent argument or as unclosed.* system properties. */
class OptionsIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anUnknownOptionStopsTheJvmAtStartWithOneMessageNamingIt(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("reprot=x.json").main(LeakedFiles.class).run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("unclosed: unknown option 'reprot'").contains("valid options: report, stackDepth");
        assertThat(result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.exists(result.directory().resolve("data.txt"))).as("main never ran").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aBadValueStopsTheJvmAtStart(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("stackDepth=deep").main(LeakedFiles.class).run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("option 'stackDepth' is 'deep', expected a whole number from 0 to 1024");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anUnknownSystemPropertyOptionStopsTheJvmAtStart(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).jvmOptions("-Dunclosed.stackdepth=4").main(LeakedFiles.class).run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("-Dunclosed.stackdepth");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theReportGoesToTheWorkingDirectoryByDefault(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).withoutReportOption().main(LeakedFiles.class).run();

        LeakReport report = ReportFiles.read(result.directory().resolve("unclosed-report.json"));
        assertThat(report.leaks()).hasSize(2);
        assertThat(report.options()).containsEntry("report", "unclosed-report.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void pidInTheReportPathExpandsToTheProcessId(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).withoutReportOption().options("report=reports/{pid}.json")
                .main(LeakedFiles.class).run();

        Path reports = result.directory().resolve("reports");
        try (Stream<Path> files = Files.list(reports)) {
            Path report = files.findFirst().orElseThrow();
            long pid = ReportFiles.read(report).jvm().pid();
            assertThat(report.getFileName().toString()).isEqualTo(pid + ".json");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void systemPropertiesOverrideTheAgentArgument(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("stackDepth=8").jvmOptions("-Dunclosed.stackDepth=2")
                .main(LeakedFiles.class).run();

        assertThat(result.report().options()).containsEntry("stackDepth", "2");
        assertThat(result.leaks()).allMatch(l -> l.stack().size() == 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void stacksPerObjectFindsTheSameSitesWithTheSameCountsAsStacksPerSite(Jdk jdk) throws Exception {
        AgentRun.Result perObject = AgentRun.on(jdk).options("stacks=object").main(CallSiteLeaks.class).run();

        assertThat(perObject.leaks()).as(perObject.summary()).hasSize(2);
        assertThat(perObject.leakAt(CallSiteLeaks.class, "byFile").count()).isEqualTo(270);
        assertThat(perObject.leakAt(CallSiteLeaks.class, "byName").count()).isEqualTo(130);
        assertThat(perObject.report().options()).containsEntry("stacks", "object");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void stackDepthZeroGroupsLeaksByTypeWithoutSitesOrStacks(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("stackDepth=0").main(LeakedFiles.class).run();

        assertThat(result.leaks()).hasSize(2).allMatch(l -> l.site() == null && l.stack().isEmpty());
        assertThat(result.leaksOfType(FileInputStream.class)).singleElement().extracting(Leak::count).isEqualTo(1L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void excludeLeavesOutMatchingTypes(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("exclude=java.io.Random*").main(LeakedFiles.class).run();

        assertThat(result.leaks()).extracting(Leak::type).containsExactly(FileInputStream.class.getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void includeKeepsOnlyMatchingTypesOrSites(Jdk jdk) throws Exception {
        AgentRun.Result bySite = AgentRun.on(jdk).options("include=dev.unclosed.scenarios.*").main(LeakedFiles.class).run();
        AgentRun.Result byOther = AgentRun.on(jdk).options("include=com.example.*").main(LeakedFiles.class).run();

        assertThat(bySite.leaks()).hasSize(2);
        assertThat(byOther.leaks()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aReportThatCannotBeWrittenIsSaidOnStderrAndLeavesTheProgramsExitCodeAlone(Jdk jdk) throws Exception {
        Path blocker = Files.createTempFile("not-a-directory", ".txt");
        AgentRun.Result result = AgentRun.on(jdk).withoutReportOption().options("report=" + blocker + "/report.json")
                .main(LeakedFiles.class).run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).contains("unclosed: could not write the leak report to " + blocker + "/report.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void quietPrintsNothingAtExitButStillWritesTheReport(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("quiet").main(LeakedFiles.class).run();

        assertThat(result.stderr()).doesNotContain("unclosed");
        assertThat(result.leaks()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sampleTracksOneInNResources(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).options("sample=10").main(dev.unclosed.scenarios.ConcurrentLeaks.class).run();

        Leak leak = result.leakAt(dev.unclosed.scenarios.ConcurrentLeaks.class, "concurrent");
        assertThat(leak.count()).isBetween(150L, 250L);
        assertThat(result.report().summary().sampleRate()).isEqualTo(10);
    }
}
