package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;
import dev.unclosed.scenarios.AttachLater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's Agent-Class: attached to a running JVM, the agent instruments what is loaded and reports as usual. */
class AttachIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anAgentAttachedToARunningJvmFindsTheLeaksThatFollow(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("attach-");
        Path report = dir.resolve("report.json");
        Process target = new ProcessBuilder(List.of(jdk.java().toString(), "-XX:+EnableDynamicAgentLoading", "-cp",
                System.getProperty("unclosed.testClasses", "target/test-classes"), AttachLater.class.getName()))
                .directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            AttachedRun.attachThenGo(target, "report=" + report, dir.resolve("stderr.txt"));
        } finally {
            target.destroyForcibly();
        }

        LeakReport written = ReportFiles.read(report);
        Leak leak = written.leaks().stream().filter(l -> l.site() != null
                && l.site().lineNumber() == SourceMarkers.line(AttachLater.class, "attached")).findFirst().orElseThrow();
        assertThat(leak.type()).isEqualTo("java.io.FileInputStream");
        assertThat(leak.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(written.summary().agentErrors()).isZero();
        assertThat(Files.readString(dir.resolve("stderr.txt"))).as("no warning from the JVM")
                .doesNotContainIgnoringCase("warning");
    }
}
