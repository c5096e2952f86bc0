package dev.unclosed.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NearestNameTest {

    private static final List<String> OPTIONS = List.of("report", "stackDepth", "stacks", "include", "exclude", "quiet");

    @Test
    void aCaseSlipFindsTheOption() {
        assertThat(NearestName.of("stackdepth", OPTIONS)).isEqualTo("stackDepth");
    }

    @Test
    void aTypoFindsTheOption() {
        assertThat(NearestName.of("inclde", OPTIONS)).isEqualTo("include");
        assertThat(NearestName.of("--basline", List.of("--baseline", "--max"))).isEqualTo("--baseline");
    }

    @Test
    void twoSwappedLettersAreOneSlip() {
        assertThat(NearestName.of("reprot", OPTIONS)).isEqualTo("report");
    }

    @Test
    void anotherWordFindsNothing() {
        assertThat(NearestName.of("verbose", OPTIONS)).isNull();
    }
}
