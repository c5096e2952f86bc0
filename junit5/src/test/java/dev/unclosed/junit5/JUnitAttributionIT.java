package dev.unclosed.junit5;

import example.suite.FailsItsLeakingTest;
import example.suite.LeaksInTestsAndTheirTasks;
import example.suite.LeaksWithoutTheExtension;
import example.suite.ParallelLeaks;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JUnit Platform runs sample suites in a forked JVM under the built agent: each finding names the tests whose
 * objects it counts, whichever thread their code ran on, also when tests run in parallel.
 */
class JUnitAttributionIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static final String SAMPLE_FILES = "example.suite.SampleFiles";

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void eachLeakIsBlamedOnTheTestThatMadeItOnWhicheverThreadItRan(Jdk jdk) throws Exception {
        SuiteRun.Result result = SuiteRun.on(jdk).run(LeaksInTestsAndTheirTasks.class);

        assertThat(result.report()).as(result.toString()).isNotNull();
        Leak leaked = finding(result, Leak.KIND_GC);
        assertThat(testCounts(leaked)).as(result.toString()).isEqualTo(Map.of(
                "leaksInAPooledThreadAnotherTestStarted", 1L,
                "leaksItsOwn", 1L,
                "leaksInAThreadItStarts", 1L,
                "leaksInTheCommonPool", 1L,
                "leaksInACompletableFuture", 1L));
        assertThat(leaked.count()).isEqualTo(5);
        assertThat(leaked.tests()).allSatisfy(test -> {
            assertThat(test.className()).isEqualTo(LeaksInTestsAndTheirTasks.class.getName());
            assertThat(test.id()).startsWith("[engine:junit-jupiter]/[class:" + LeaksInTestsAndTheirTasks.class.getName()
                    + "]/[method:" + test.methodName() + "()]");
            assertThat(test.displayName()).isEqualTo(test.methodName() + "()");
        });
        assertThat(result.report().summary().agentErrors()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whatATestClassOpensInItsOwnLifecycleIsTheClasses(Jdk jdk) throws Exception {
        SuiteRun.Result result = SuiteRun.on(jdk).run(LeaksInTestsAndTheirTasks.class);

        Leak open = finding(result, Leak.KIND_EXIT);
        assertThat(open.tests()).as(result.toString()).singleElement().satisfies(test -> {
            assertThat(test.id()).isEqualTo("[engine:junit-jupiter]/[class:" + LeaksInTestsAndTheirTasks.class.getName() + "]");
            assertThat(test.className()).isEqualTo(LeaksInTestsAndTheirTasks.class.getName());
            assertThat(test.methodName()).isNull();
            assertThat(test.count()).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void ofEightTestsRunningAtOnceExactlyTheTwoThatLeakedAreBlamed(Jdk jdk) throws Exception {
        SuiteRun.Result result = SuiteRun.on(jdk)
                .property("junit.jupiter.execution.parallel.enabled", "true")
                .property("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .property("junit.jupiter.execution.parallel.config.fixed.parallelism", "8")
                .run(ParallelLeaks.class);

        assertThat(result.statuses()).as(result.toString()).hasSize(8).containsOnlyKeys(
                "test1()", "test2()", "test3()", "test4()", "test5()", "test6()", "test7()", "test8()")
                .allSatisfy((test, status) -> assertThat(status).isEqualTo("SUCCESSFUL"));
        Leak leaked = finding(result, Leak.KIND_GC);
        assertThat(testCounts(leaked)).as(result.toString()).isEqualTo(Map.of("test3", 1L, "test6", 1L));
        assertThat(leaked.count()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theExtensionFailsTheTestThatLeakedWithTypeSiteAndStack(Jdk jdk) throws Exception {
        SuiteRun.Result result = SuiteRun.on(jdk).run(FailsItsLeakingTest.class);

        assertThat(result.statuses()).as(result.toString()).isEqualTo(Map.of("leaks()", "FAILED", "closes()", "SUCCESSFUL"));
        String line = SourceLines.lineOf(SAMPLE_FILES, "@leak helper");
        assertThat(result.message("leaks()"))
                .startsWith("unclosed: this test leaked an object (collected without close()):")
                .contains("java.io.FileInputStream opened at SampleFiles.java:" + line + " was collected without close()")
                .contains("at " + FailsItsLeakingTest.class.getName() + ".leaks(FailsItsLeakingTest.java:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutTheExtensionALeakingTestPassesAndIsNamedInTheReport(Jdk jdk) throws Exception {
        SuiteRun.Result result = SuiteRun.on(jdk).run(LeaksWithoutTheExtension.class);

        assertThat(result.statuses()).as(result.toString()).isEqualTo(Map.of("leaks()", "SUCCESSFUL"));
        assertThat(testCounts(finding(result, Leak.KIND_GC))).isEqualTo(Map.of("leaks", 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutTheAgentAndWithoutSelfAttachTheListenerSaysSoOnceAndTestsRun(Jdk jdk) throws Exception {
        SuiteRun.Result result = SuiteRun.on(jdk).withoutAgent().property("unclosed.junit.selfAttach", "false")
                .run(LeaksWithoutTheExtension.class, FailsItsLeakingTest.class);

        assertThat(result.statuses()).as(result.toString()).containsEntry("leaks()", "SUCCESSFUL");
        assertThat(result.stderr().lines().filter(l -> l.startsWith("unclosed: "))).as(result.toString())
                .singleElement().asString().contains("the agent is not loaded in this JVM");
        assertThat(result.report()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutTheAgentTheListenerLoadsItIntoTheRunningJvmAndTestsAreNamed(Jdk jdk) throws Exception {
        SuiteRun.Result result = SuiteRun.on(jdk).withoutAgent()
                .property("unclosed.junit.agentOptions", "report=report.json")
                .run(LeaksWithoutTheExtension.class);

        assertThat(result.stderr()).as(result.toString()).contains("unclosed: loaded the agent into this running JVM");
        if (Runtime.version().feature() >= 21 || jdk.name().equals("java 25")) {
            assertThat(result.stderr()).contains("JEP 451");
        }
        SuiteRun.Result read = result.readReport("report.json");
        assertThat(testCounts(finding(read, Leak.KIND_GC))).as(result.toString()).isEqualTo(Map.of("leaks", 1L));
    }

    private static Leak finding(SuiteRun.Result result, String kind) {
        List<Leak> atSite = result.report().leaks().stream()
                .filter(l -> l.kind().equals(kind) && l.site() != null && l.site().className().equals(SAMPLE_FILES))
                .toList();
        assertThat(atSite).as(result.toString()).hasSize(1);
        return atSite.get(0);
    }

    /** Method (or class, for its lifecycle) to count. */
    private static Map<String, Long> testCounts(Leak leak) {
        Map<String, Long> counts = new TreeMap<>();
        for (LeakTest test : leak.tests()) {
            counts.merge(test.methodName() != null ? test.methodName() : test.className(), test.count(), Long::sum);
        }
        return counts;
    }
}
