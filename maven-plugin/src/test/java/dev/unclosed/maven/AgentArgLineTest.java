package dev.unclosed.maven;

import dev.unclosed.maven.AgentArgLine.Flag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentArgLineTest {

    private static final Path JAR = Path.of("/repo/unclosed-agent-0.1.0.jar");
    private static final Path REPORTS = Path.of("/work/app/target/unclosed");

    @Test
    void eachTestJvmWritesItsOwnQuietReport() {
        assertThat(AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, REPORTS, null))
                .isEqualTo("-agentlib:instrument=/repo/unclosed-agent-0.1.0.jar=report=/work/app/target/unclosed/{pid}.json,quiet=true");
    }

    @Test
    void theJavaagentFormCarriesTheSameArgument() {
        assertThat(AgentArgLine.agentArgument(Flag.JAVAAGENT, JAR, REPORTS, null))
                .isEqualTo("-javaagent:/repo/unclosed-agent-0.1.0.jar=report=/work/app/target/unclosed/{pid}.json,quiet=true");
    }

    @Test
    void theFlagIsNamedAsThePluginParameterSaysWhateverTheCase() {
        assertThat(Flag.named("agentlib")).isEqualTo(Flag.AGENTLIB);
        assertThat(Flag.named(" JavaAgent ")).isEqualTo(Flag.JAVAAGENT);
        assertThatThrownBy(() -> Flag.named("agentpath")).hasMessage("agentFlag must be agentlib or javaagent, not 'agentpath'");
    }

    @Test
    void anArgLineThatLimitsTheModulesGetsJavaagentWhichAddsJavaInstrument() {
        assertThat(AgentArgLine.flagFor(Flag.AGENTLIB, "-Xmx1g --limit-modules java.base,java.sql")).isEqualTo(Flag.JAVAAGENT);
        assertThat(AgentArgLine.flagFor(Flag.AGENTLIB, "-Xmx1g --add-opens java.base/java.lang=ALL-UNNAMED")).isEqualTo(Flag.AGENTLIB);
        assertThat(AgentArgLine.flagFor(Flag.AGENTLIB, null)).isEqualTo(Flag.AGENTLIB);
        assertThat(AgentArgLine.flagFor(Flag.JAVAAGENT, "-Xmx1g")).isEqualTo(Flag.JAVAAGENT);
    }

    @Test
    void optionsFollowInNameOrderAndAnEmptyValueIsTheBareName() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("stackDepth", "16");
        options.put("quiet", "false");
        options.put("strict", null);

        assertThat(AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, REPORTS, options))
                .endsWith("=report=/work/app/target/unclosed/{pid}.json,quiet=false,stackDepth=16,strict");
    }

    @Test
    void anArgumentWithWhitespaceIsQuotedAsOneArgument() {
        assertThat(AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, Path.of("/My Projects/app/target/unclosed"), null))
                .isEqualTo("\"-agentlib:instrument=/repo/unclosed-agent-0.1.0.jar=report=/My Projects/app/target/unclosed/{pid}.json,quiet=true\"");
    }

    @Test
    void theReportOptionBelongsToThePlugin() {
        assertThatThrownBy(() -> AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, REPORTS, Map.of("report", "x.json")))
                .hasMessageContaining("reportsDirectory");
    }

    @Test
    void aCommaInAValueIsRefusedSinceTheAgentCannotReadIt() {
        assertThatThrownBy(() -> AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, REPORTS, Map.of("exclude", "a.*,b.*")))
                .hasMessageContaining("comma");
    }

    @Test
    void whatTheArgLineHeldIsKeptAfterTheAgent() {
        assertThat(AgentArgLine.prepend("-javaagent:A", JAR, "-javaagent:/jacoco.jar=destfile=x -Xmx1g"))
                .isEqualTo("-javaagent:A -javaagent:/jacoco.jar=destfile=x -Xmx1g");
    }

    @Test
    void anEarlierArgumentForTheSameJarIsReplacedNotRepeated() {
        String first = AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, Path.of("/a/target/unclosed"), null);
        String second = AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, Path.of("/b/target/unclosed"), null);

        assertThat(AgentArgLine.prepend(second, JAR, first + " -Xmx1g")).isEqualTo(second + " -Xmx1g");
    }

    @Test
    void anEarlierArgumentInTheOtherFormIsReplacedToo() {
        String javaagent = AgentArgLine.agentArgument(Flag.JAVAAGENT, JAR, REPORTS, null);
        String agentlib = AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, REPORTS, null);

        assertThat(AgentArgLine.prepend(agentlib, JAR, "-ea " + javaagent)).isEqualTo(agentlib + " -ea");
        assertThat(AgentArgLine.prepend(javaagent, JAR, agentlib + " -ea")).isEqualTo(javaagent + " -ea");
    }

    @Test
    void anEarlierQuotedArgumentIsReplacedToo() {
        String quoted = AgentArgLine.agentArgument(Flag.AGENTLIB, JAR, Path.of("/My Projects/target/unclosed"), null);

        assertThat(AgentArgLine.prepend("-javaagent:B", JAR, "-ea " + quoted)).isEqualTo("-javaagent:B -ea");
    }

    @Test
    void anEmptyArgLineIsJustTheAgent() {
        assertThat(AgentArgLine.prepend("-javaagent:A", JAR, "  ")).isEqualTo("-javaagent:A");
    }

    @Test
    void testClassPathEntriesGoAfterWhatTheListHeldEachOnce() {
        assertThat(AgentArgLine.appendToList("/lib/a.jar, /junit5.jar", List.of("/junit5.jar", "/bb.jar")))
                .isEqualTo("/lib/a.jar,/junit5.jar,/bb.jar");
        assertThat(AgentArgLine.appendToList(null, List.of("/junit5.jar"))).isEqualTo("/junit5.jar");
    }
}
