package dev.unclosed.agent;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentOptionsTest {

    private static final String VALID_OPTIONS =
            "valid options: report, stackDepth, stacks, include, exclude, finalSweep, quiet, strict, resources, application, sample, maxTracked, debug, flushInterval, cache";

    private static AgentOptions parse(String argument) {
        return AgentOptions.parse(argument, new Properties());
    }

    private static AgentOptions parse(String argument, String... properties) {
        Properties props = new Properties();
        for (int i = 0; i < properties.length; i += 2) {
            props.setProperty(properties[i], properties[i + 1]);
        }
        return AgentOptions.parse(argument, props);
    }

    @Test
    void withoutArgumentsEveryOptionHasItsDocumentedDefault() {
        AgentOptions options = AgentOptions.defaults();

        assertThat(options.report()).isEqualTo("unclosed-report.json");
        assertThat(options.stackDepth()).isEqualTo(32);
        assertThat(options.finalSweepMillis()).isEqualTo(2000);
        assertThat(options.quiet()).isFalse();
        assertThat(options.strict()).isFalse();
        assertThat(options.debug()).isFalse();
        assertThat(options.sample()).isEqualTo(1);
        assertThat(options.stackPerSite()).isTrue();
        assertThat(options.asMap()).containsExactly(
                entry("report", "unclosed-report.json"), entry("stackDepth", "32"), entry("stacks", "site"), entry("include", ""),
                entry("exclude", ""), entry("finalSweep", "2000"), entry("quiet", "false"), entry("strict", "false"),
                entry("resources", ""), entry("application", ""), entry("sample", "1"), entry("maxTracked", "auto"),
                entry("debug", "false"), entry("flushInterval", "0"), entry("cache", "auto"));
    }

    @Test
    void stacksPerObjectIsTheOtherChoiceOfStacks() {
        assertThat(AgentOptions.parse("stacks=object", new Properties()).stackPerSite()).isFalse();
    }

    @Test
    void stacksTakesOnlySiteOrObject() {
        assertThatThrownBy(() -> AgentOptions.parse("stacks=all", new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("option 'stacks' is 'all', expected one of site, object; ");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }

    @Test
    void aNullOrBlankArgumentMeansDefaults() {
        assertThat(parse(null).asMap()).isEqualTo(AgentOptions.defaults().asMap());
        assertThat(parse("  ").asMap()).isEqualTo(AgentOptions.defaults().asMap());
    }

    @Test
    void commaSeparatedKeyValuePairsSetTheirOptions() {
        AgentOptions options = parse("report=out/leaks.json,stackDepth=8,finalSweep=0,sample=10");

        assertThat(options.report()).isEqualTo("out/leaks.json");
        assertThat(options.stackDepth()).isEqualTo(8);
        assertThat(options.finalSweepMillis()).isZero();
        assertThat(options.sample()).isEqualTo(10);
    }

    @Test
    void spacesAroundKeysAndValuesAndEmptyEntriesAreIgnored() {
        AgentOptions options = parse(" stackDepth = 4 ,, quiet ,");

        assertThat(options.stackDepth()).isEqualTo(4);
        assertThat(options.quiet()).isTrue();
    }

    @Test
    void theLastOccurrenceOfAnOptionWins() {
        assertThat(parse("stackDepth=4,stackDepth=5").stackDepth()).isEqualTo(5);
    }

    @Test
    void quietStrictAndDebugAreFlagsThatNeedNoValue() {
        AgentOptions options = parse("quiet,strict,debug");

        assertThat(options.quiet()).isTrue();
        assertThat(options.strict()).isTrue();
        assertThat(options.debug()).isTrue();
    }

    @Test
    void flagsAcceptTrueAndFalseInAnyCase() {
        assertThat(parse("quiet=TRUE").quiet()).isTrue();
        assertThat(parse("quiet=False").quiet()).isFalse();
    }

    @Test
    void aFlagWithAnyOtherValueIsRejected() {
        assertThatThrownBy(() -> parse("strict=yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'strict' is 'yes', expected true or false");
    }

    @Test
    void anOptionThatIsNotAFlagNeedsAValue() {
        assertThatThrownBy(() -> parse("stackDepth"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'stackDepth' needs a value (stackDepth=...)")
                .hasMessageContaining(VALID_OPTIONS);
    }

    @Test
    void anUnknownOptionIsNamedWithTheNearestAndTheValidOptionsAreListed() {
        assertThatThrownBy(() -> parse("report=x.json,stackdepth=4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'stackdepth' in the agent's argument (did you mean stackDepth?); " + VALID_OPTIONS
                        + " (see docs/options.md)");
    }

    @Test
    void anUnknownOptionFarFromEveryOneSuggestsNothing() {
        assertThatThrownBy(() -> parse("verbose=true"))
                .hasMessage("unknown option 'verbose' in the agent's argument; " + VALID_OPTIONS + " (see docs/options.md)");
    }

    @Test
    void anUnknownSystemPropertySuggestsTheNearestOption() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("unclosed.exlude", "x.*");
        assertThatThrownBy(() -> AgentOptions.parse(null, properties))
                .hasMessageStartingWith("unknown option in system property -Dunclosed.exlude (did you mean exclude?); ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stackDepth=-1", "stackDepth=1025", "sample=0", "sample=1000001", "finalSweep=-1",
            "finalSweep=600001"})
    void numbersOutsideTheirRangeAreRejectedWithTheRange(String argument) {
        String name = argument.substring(0, argument.indexOf('='));
        assertThatThrownBy(() -> parse(argument))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("option '" + name + "' is ")
                .hasMessageContaining("expected a whole number from ")
                .hasMessageContaining(VALID_OPTIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stackDepth=deep", "stackDepth=1.5", "sample=", "finalSweep=99999999999999999999"})
    void valuesThatAreNotWholeNumbersAreRejected(String argument) {
        assertThatThrownBy(() -> parse(argument))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a whole number from");
    }

    @Test
    void theRangeEndsAreAccepted() {
        assertThat(parse("stackDepth=0").stackDepth()).isZero();
        assertThat(parse("stackDepth=1024").stackDepth()).isEqualTo(1024);
        assertThat(parse("sample=1000000").sample()).isEqualTo(1_000_000);
        assertThat(parse("finalSweep=600000").finalSweepMillis()).isEqualTo(600_000);
    }

    @Test
    void anEmptyReportPathIsRejected() {
        assertThatThrownBy(() -> parse("report="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'report' must not be empty");
    }

    @Test
    void aSystemPropertyOverridesTheAgentArgument() {
        AgentOptions options = parse("stackDepth=8,report=a.json", "unclosed.stackDepth", "16");

        assertThat(options.stackDepth()).isEqualTo(16);
        assertThat(options.report()).isEqualTo("a.json");
    }

    @Test
    void aSystemPropertyAloneSetsAnOption() {
        assertThat(parse(null, "unclosed.strict", "true").strict()).isTrue();
    }

    @Test
    void anEmptyFlagPropertyTurnsTheFlagOn() {
        assertThat(parse(null, "unclosed.quiet", "").quiet()).isTrue();
    }

    @Test
    void aBadSystemPropertyValueIsRejectedLikeABadArgument() {
        assertThatThrownBy(() -> parse("stackDepth=8", "unclosed.stackDepth", "many"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'stackDepth' is 'many'");
    }

    @Test
    void anUnknownUnclosedSystemPropertyIsRejectedByName() {
        assertThatThrownBy(() -> parse(null, "unclosed.stackdepth", "4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option in system property -Dunclosed.stackdepth")
                .hasMessageContaining(VALID_OPTIONS);
    }

    @Test
    void systemPropertiesOutsideTheUnclosedPrefixAreIgnored() {
        assertThat(parse(null, "stackDepth", "x", "java.home", "/jdk", "unclosedX", "1").asMap())
                .isEqualTo(AgentOptions.defaults().asMap());
    }

    @Test
    void renderingLeavesDefaultsOut() {
        assertThat(AgentOptions.defaults().toAgentArgument()).isEmpty();
        assertThat(parse("stackDepth=32,quiet=false,sample=3").toAgentArgument()).isEqualTo("sample=3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "report=target/unclosed/{pid}.json,stackDepth=0", "quiet,strict,debug",
            "include=com.acme.*:org.x.?Pool,exclude=*Test,resources=com.acme.Native*,finalSweep=0,sample=7",
            "report=a=b.json"})
    void parsingTheRenderedArgumentGivesTheSameOptions(String argument) {
        AgentOptions options = parse(argument);

        assertThat(parse(options.toAgentArgument()).asMap()).isEqualTo(options.asMap());
    }

    @Test
    void optionsFromSystemPropertiesRenderIntoAnArgumentWithTheSameMeaning() {
        AgentOptions options = parse("stackDepth=8", "unclosed.stackDepth", "2", "unclosed.exclude", "java.net.*");

        assertThat(parse(options.toAgentArgument()).asMap()).isEqualTo(options.asMap());
    }


    @Test
    void aReportPathWithACommaSurvivesRendering() {
        AgentOptions options = parse(null, "unclosed.report", "/tmp/a,b/report.json");

        assertThat(parse(options.toAgentArgument()).asMap()).isEqualTo(options.asMap());
    }

    @Test
    void pidInTheReportPathExpandsToTheProcessId() {
        AgentOptions options = parse("report=target/unclosed/{pid}.json");

        assertThat(options.reportPath(4242)).isEqualTo("target/unclosed/4242.json");
        assertThat(options.report()).isEqualTo("target/unclosed/{pid}.json");
    }

    @Test
    void everyPidPlaceholderExpands() {
        assertThat(parse("report={pid}/{pid}.json").reportPath(7)).isEqualTo("7/7.json");
    }

    @Test
    void aReportPathWithoutPidIsUsedAsIs() {
        assertThat(AgentOptions.defaults().reportPath(7)).isEqualTo("unclosed-report.json");
    }

    @Test
    void withoutIncludeOrExcludeEveryLeakIsReported() {
        assertThat(AgentOptions.defaults().reports("java.io.FileInputStream", "com.acme.Foo")).isTrue();
        assertThat(AgentOptions.defaults().reports("java.io.FileInputStream", null)).isTrue();
    }

    @Test
    void includeMatchesEitherTheTypeOrTheSiteClass() {
        AgentOptions options = parse("include=com.acme.*");

        assertThat(options.reports("com.acme.Pool", "org.other.Main")).isTrue();
        assertThat(options.reports("java.io.FileInputStream", "com.acme.Loader")).isTrue();
        assertThat(options.reports("java.io.FileInputStream", "org.other.Main")).isFalse();
    }

    @Test
    void includeLeavesOutLeaksWithoutASiteUnlessTheirTypeMatches() {
        AgentOptions options = parse("include=com.acme.*");

        assertThat(options.reports("java.io.FileInputStream", null)).isFalse();
        assertThat(options.reports("com.acme.Pool", null)).isTrue();
    }

    @Test
    void excludeMatchingTheTypeOrTheSiteClassWinsOverInclude() {
        AgentOptions options = parse("include=com.acme.*,exclude=com.acme.legacy.*:java.net.Socket");

        assertThat(options.reports("java.io.FileInputStream", "com.acme.legacy.Old")).isFalse();
        assertThat(options.reports("java.net.Socket", "com.acme.Client")).isFalse();
        assertThat(options.reports("java.io.FileInputStream", "com.acme.Client")).isTrue();
    }

    @Test
    void patternsMatchWholeNamesWithStarForAnyRunAndQuestionMarkForOneCharacter() {
        AgentOptions options = parse("include=com.acme.Pool?:*Handler");

        assertThat(options.reports("com.acme.Pool1", null)).isTrue();
        assertThat(options.reports("com.acme.Pool", null)).isFalse();
        assertThat(options.reports("com.acme.Pool12", null)).isFalse();
        assertThat(options.reports("dev.x.FileHandler", null)).isTrue();
        assertThat(options.reports("dev.x.FileHandlers", null)).isFalse();
    }

    @Test
    void aDotInAPatternIsLiteral() {
        assertThat(parse("include=com.acme.X").reports("comXacmeXX", null)).isFalse();
    }

    @Test
    void aStarAlsoMatchesNestedClassesAndSubpackages() {
        AgentOptions options = parse("exclude=com.acme.*");

        assertThat(options.reports("com.acme.db.Pool$Conn", null)).isFalse();
    }

    @Test
    void declaredResourcesAreThoseMatchingTheResourcesPatterns() {
        AgentOptions options = parse("resources=com.acme.NativeBuffer:com.acme.gpu.*");

        assertThat(options.declaresResource("com.acme.NativeBuffer")).isTrue();
        assertThat(options.declaresResource("com.acme.gpu.Texture")).isTrue();
        assertThat(options.declaresResource("com.acme.NativeBuffers")).isFalse();
        assertThat(AgentOptions.defaults().declaresResource("com.acme.NativeBuffer")).isFalse();
    }

    @Test
    void applicationClassesAreThoseMatchingTheApplicationPatterns() {
        AgentOptions options = parse("application=com.acme.*:org.foo.Main");

        assertThat(options.namesApplicationClass("com.acme.db.Store")).isTrue();
        assertThat(options.namesApplicationClass("org.foo.Main")).isTrue();
        assertThat(options.namesApplicationClass("org.foo.Util")).isFalse();
        assertThat(AgentOptions.defaults().namesApplicationClass("com.acme.db.Store")).isFalse();
    }

    @Test
    void theReportIsWrittenOnlyAtExitByDefault() {
        assertThat(AgentOptions.defaults().flushIntervalMillis()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms:250", "30s:30000", "5m:300000", "1h:3600000", "0:0"})
    void flushIntervalTakesADurationWithItsUnit(String valueAndMillis) {
        String[] parts = valueAndMillis.split(":");

        assertThat(parse("flushInterval=" + parts[0]).flushIntervalMillis()).isEqualTo(Long.parseLong(parts[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "5 m", "1d", "-1s", "s", "5ms", "25h"})
    void aFlushIntervalWithoutAUnitOrOutOfRangeIsRejectedNamingTheOption(String value) {
        assertThatThrownBy(() -> parse("flushInterval=" + value))
                .hasMessageStartingWith("option 'flushInterval' is '" + value.trim() + "', expected 0 or a duration from 10ms to 24h");
    }

    @Test
    void maxTrackedAutoIsOnePerKilobyteOfHeapFromTenThousandToAMillion() {
        assertThat(AgentOptions.autoMaxTracked(64L << 20)).isEqualTo(65_536);
        assertThat(AgentOptions.autoMaxTracked(4L << 20)).isEqualTo(10_000);
        assertThat(AgentOptions.autoMaxTracked(8L << 30)).isEqualTo(1_000_000);
        assertThat(parse("maxTracked=500").maxTracked()).isEqualTo(500);
    }
}
