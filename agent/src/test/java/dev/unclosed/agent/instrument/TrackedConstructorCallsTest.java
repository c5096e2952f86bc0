package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class TrackedConstructorCallsTest {

    /** Two methods that make a tracked object, one that makes an untracked one, one that makes none. */
    static final class Maker {
        InputStream open(String path) throws IOException {
            return new FileInputStream(path);
        }

        Object openBoth(String path) throws IOException {
            return new Object[] {new FileInputStream(path), new StringBuilder()};
        }

        Object untracked() {
            return new StringBuilder("x");
        }

        int none(int x) {
            return x * 183; // 183 is the invokespecial opcode: as an operand it is no call
        }
    }

    private static ClassReader reader() throws IOException {
        try (InputStream in = Maker.class.getResourceAsStream("TrackedConstructorCallsTest$Maker.class")) {
            return new ClassReader(in.readAllBytes());
        }
    }

    @Test
    void onlyTheConstructorsOfTrackedClassesAreFlagged() throws Exception {
        ClassReader reader = reader();

        boolean[] constructors = TrackedConstructorCalls.in(reader, "java/io/FileInputStream"::equals);

        int flagged = 0;
        for (boolean b : constructors) {
            flagged += b ? 1 : 0;
        }
        assertThat(flagged).as("FileInputStream.<init>(String), once in the pool").isEqualTo(1);
        assertThat(TrackedConstructorCalls.in(reader, name -> false)).as("none tracked").isNull();
    }

    @Test
    void theMethodsThatCallThemAreFoundAndNoOther() throws Exception {
        ClassReader reader = reader();
        boolean[] constructors = TrackedConstructorCalls.in(reader, "java/io/FileInputStream"::equals);

        assertThat(TrackedConstructorCalls.methodsCalling(reader, constructors)).containsExactlyInAnyOrder(
                "open(Ljava/lang/String;)Ljava/io/InputStream;", "openBoth(Ljava/lang/String;)Ljava/lang/Object;");
    }
}
