package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Leak ids: the same leak has the same id in every run, edits elsewhere in the file leave it, sites never share one. */
class FingerprintIT {

    private static final String PROGRAM = """
            package fp;

            import java.io.FileInputStream;
            import java.io.IOException;
            %s
            public class Leaker {
                public static void main(String[] args) throws IOException {
                    java.nio.file.Files.writeString(java.nio.file.Path.of("f.txt"), "x");
                    new FileInputStream("f.txt").read();
                    new FileInputStream("f.txt").read();
                }
            }
            """;

    private static Map<Integer, String> idsByLine(String padding) throws Exception {
        Path dir = AgentRun.newWorkDirectory("fp-");
        Path classes = Compiler.compile(dir, "fp.Leaker", String.format(PROGRAM, padding));
        Jdk jdk = Jdk.all().findFirst().orElseThrow();
        AgentRun.Result result = AgentRun.on(jdk).classpath(classes).run("fp.Leaker");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<Leak> leaks = result.leaks();
        assertThat(leaks).as(result.summary()).hasSize(2);
        return leaks.stream().collect(Collectors.toMap(l -> l.site().lineNumber(), Leak::id));
    }

    @Test
    void theSameLeakHasTheSameIdInEveryRun() throws Exception {
        assertThat(idsByLine("")).isEqualTo(idsByLine(""));
    }

    @Test
    void blankLinesAboveTheLeakLeaveItsIdUnchanged() throws Exception {
        Map<Integer, String> before = idsByLine("");
        Map<Integer, String> after = idsByLine("\n\n\n");

        assertThat(after.keySet()).as("the lines moved").doesNotContainAnyElementsOf(before.keySet());
        assertThat(after.values()).containsExactlyInAnyOrderElementsOf(before.values());
        List<Integer> beforeLines = before.keySet().stream().sorted().toList();
        List<Integer> afterLines = after.keySet().stream().sorted().toList();
        assertThat(after.get(afterLines.get(0))).isEqualTo(before.get(beforeLines.get(0)));
        assertThat(after.get(afterLines.get(1))).isEqualTo(before.get(beforeLines.get(1)));
    }

    @Test
    void twoSitesInOneMethodNeverShareAnId() throws Exception {
        assertThat(idsByLine("").values()).doesNotHaveDuplicates();
    }
}
