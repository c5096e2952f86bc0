package dev.unclosed.agent.tracking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs with java.lang opened to the tests (surefire argLine), as the agent opens it to itself at start. */
class StackInternerTest {

    private final StackInterner interner = StackInterner.create();

    private Throwable captureHere() {
        return interner.intern(new Throwable());
    }

    private Throwable captureThere() {
        return interner.intern(new Throwable());
    }

    @Test
    void readsTheRawBacktraceWhereJavaLangIsOpen() {
        assertThat(interner.shares()).isTrue();
    }

    @Test
    void capturesFromOneCodePathShareOneStack() {
        List<Throwable> captures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            captures.add(captureHere());
        }

        assertThat(captures).allMatch(t -> t == captures.get(0));
        assertThat(interner.distinctStacks()).isEqualTo(1);
    }

    @Test
    void capturesFromDifferentLinesAreNotShared() {
        Throwable first = interner.intern(new Throwable());
        Throwable second = interner.intern(new Throwable());

        assertThat(first).isNotSameAs(second);
        assertThat(first.getStackTrace()[0].getLineNumber()).isNotEqualTo(second.getStackTrace()[0].getLineNumber());
    }

    @Test
    void capturesFromDifferentMethodsAreNotShared() {
        assertThat(captureHere()).isNotSameAs(captureThere());
    }

    @Test
    void capturesFromOneLineReachedThroughDifferentCallersAreNotShared() {
        Throwable direct = captureHere();
        Throwable nested = viaAnotherFrame();

        assertThat(direct).isNotSameAs(nested);
    }

    private Throwable viaAnotherFrame() {
        return captureHere();
    }
}
