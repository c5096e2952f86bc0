package dev.unclosed.report;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FramePoolTest {

    private final FramePool pool = new FramePool();

    private static byte[] text(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFrameIsFoundByTheTextItWasReadFrom() {
        byte[] kept = text("[ { \"className\" : \"a.B\", \"lineNumber\" : 1 } ]");
        Frame frame = new Frame("a.B", null, null, 1);
        pool.readFrom(kept, 2, kept.length - 2, 42, frame);

        byte[] again = text("x { \"className\" : \"a.B\", \"lineNumber\" : 1 }");
        assertThat(pool.read(again, 2, again.length, 42)).isSameAs(frame);
    }

    @Test
    void anotherTextWithTheSameHashIsNotTakenForIt() {
        byte[] kept = text("{ \"className\" : \"a.B\", \"lineNumber\" : 1 }");
        pool.readFrom(kept, 0, kept.length, 42, new Frame("a.B", null, null, 1));

        byte[] other = text("{ \"className\" : \"a.B\", \"lineNumber\" : 2 }");
        assertThat(pool.read(other, 0, other.length, 42)).isNull();
        assertThat(pool.read(kept, 0, kept.length - 1, 42)).isNull();
    }

    @Test
    void framesKeptPastTheBoundAreFoundUntilItStartsAfresh() {
        for (int i = 0; i < 100_000; i++) {
            byte[] text = text("{ \"lineNumber\" : " + i + " }");
            pool.readFrom(text, 0, text.length, i, new Frame("a.B", null, null, i));
            assertThat(pool.read(text, 0, text.length, i)).isNotNull();
        }
    }
}
