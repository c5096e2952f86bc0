package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.NoLeaks;
import dev.unclosed.scenarios.OpensFirstThing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's start: part of it runs on threads of its own, and none of that may let a closeable go untracked; what
 * it loads there costs every JVM, so not {@code URLClassLoader} for a program that makes no loader.
 */
class StartUpIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    /** Each JDK with each flag that loads the agent at start: both retransform what loaded before the agent. */
    static Stream<Arguments> jdksAndFlags() {
        return Jdk.all().flatMap(jdk -> Stream.of(Arguments.of(jdk, AgentRun.JAVAAGENT), Arguments.of(jdk, AgentRun.AGENTLIB)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndFlags")
    void closeablesOfJdkClassesLoadedBeforeTheAgentAreTrackedFromMainsFirstLine(Jdk jdk, String flag) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).agentFlag(flag).main(OpensFirstThing.class, AgentRun.agentJar().toString()).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        for (String marker : new String[] {"fileIn", "fileOut", "randomAccess", "zip", "jar"}) {
            Leak leak = result.leakAt(OpensFirstThing.class, marker);
            assertThat(leak.kind()).as(marker).isEqualTo(Leak.KIND_EXIT);
            assertThat(leak.count()).as(marker).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aProgramThatMakesNoClassLoaderDoesNotHaveTheAgentLoadURLClassLoader(Jdk jdk) throws Exception {
        // A plain JVM never loads it; loaded by the agent at start, it was retransformed there as well.
        ClassLoadLog run = ClassLoadLog.of(jdk, "class-load");

        assertThat(run.result.report().summary().tracked()).as("the stream was tracked").isPositive();
        assertThat(run.lines).noneMatch(line -> line.contains(" java.net.URLClassLoader "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theJdkCallsPremainWithoutSpinningMethodHandleClasses(Jdk jdk) throws Exception {
        // From Java 18 the JDK's reflective call of premain spun about seven classes for a method handle, unless the
        // method is flagged variable-arity, which the build does to the jar's copy.
        List<String> loaded = ClassLoadLog.of(jdk, "premain-call").lines;
        int premainCalled = indexOfClass(loaded, "dev.unclosed.agent.UnclosedAgent");
        int premainRuns = indexOfClass(loaded, "dev.unclosed.agent.BootstrapInjection");
        assertThat(premainCalled).as("the agent's class loaded").isNotNegative();
        assertThat(premainRuns).as("premain ran on").isGreaterThan(premainCalled);
        assertThat(loaded.subList(premainCalled, premainRuns)).noneMatch(line -> line.contains("LambdaForm$"));
    }

    /** {@link NoLeaks} run under the agent with the JVM's class-load log, which it asserts ran cleanly. */
    private static final class ClassLoadLog {
        final AgentRun.Result result;
        final List<String> lines;

        private ClassLoadLog(AgentRun.Result result, List<String> lines) {
            this.result = result;
            this.lines = lines;
        }

        static ClassLoadLog of(Jdk jdk, String workDirectory) throws Exception {
            Path log = AgentRun.newWorkDirectory(workDirectory).resolve("class-load.log");
            AgentRun.Result result = AgentRun.on(jdk).jvmOptions("-Xlog:class+load=info:file=" + log).main(NoLeaks.class).run();
            assertThat(result.exitCode()).as(result.describe()).isZero();
            return new ClassLoadLog(result, Files.readAllLines(log));
        }
    }

    private static int indexOfClass(List<String> classLoadLog, String className) {
        for (int i = 0; i < classLoadLog.size(); i++) {
            if (classLoadLog.get(i).contains(" " + className + " ")) {
                return i;
            }
        }
        return -1;
    }
}
