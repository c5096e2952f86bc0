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

        /** Constants of two pool items each, a lambda (a bootstrap method) and a name that is not ASCII before the call. */
        Object afterWideConstantsAndALambda() {
            long big = 1L << 40;
            double d = 0.1 + big;
            java.util.function.Supplier<Object> later = Object::new;
            return new Object[] {d, later, new Résumé()};
        }
    }

    static final class Résumé {
    }

    private static byte[] classFile() throws IOException {
        try (InputStream in = Maker.class.getResourceAsStream("TrackedConstructorCallsTest$Maker.class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void onlyTheConstructorsOfTrackedClassesAreFlagged() throws Exception {
        byte[] classFile = classFile();

        boolean[] constructors = TrackedConstructorCalls.in(classFile, "java/io/FileInputStream"::equals);

        int flagged = 0;
        for (boolean b : constructors) {
            flagged += b ? 1 : 0;
        }
        assertThat(flagged).as("FileInputStream.<init>(String), once in the pool").isEqualTo(1);
        assertThat(TrackedConstructorCalls.in(classFile, name -> false)).as("none tracked").isNull();
    }

    @Test
    void theMethodsThatCallThemAreFoundAndNoOther() throws Exception {
        ClassReader reader = new ClassReader(classFile());
        boolean[] constructors = TrackedConstructorCalls.in(classFile(), "java/io/FileInputStream"::equals);

        assertThat(TrackedConstructorCalls.methodsCalling(reader, constructors)).containsExactlyInAnyOrder(
                "open(Ljava/lang/String;)Ljava/io/InputStream;", "openBoth(Ljava/lang/String;)Ljava/lang/Object;");
    }

    @Test
    void aConstructorAfterWideConstantsAndLambdasIsFlaggedAtTheItemAsmReads() throws Exception {
        String owner = Résumé.class.getName().replace('.', '/');
        ClassReader reader = new ClassReader(classFile());
        char[] buffer = new char[reader.getMaxStringLength()];

        boolean[] constructors = TrackedConstructorCalls.in(classFile(), owner::equals);

        int flagged = -1;
        for (int i = 0; i < constructors.length; i++) {
            if (constructors[i]) {
                assertThat(flagged).as("one item flagged").isEqualTo(-1);
                flagged = i;
            }
        }
        assertThat(reader.readClass(reader.getItem(flagged), buffer)).as("the non-ASCII owner, as ASM reads it").isEqualTo(owner);
        assertThat(TrackedConstructorCalls.methodsCalling(reader, constructors))
                .containsExactly("afterWideConstantsAndALambda()Ljava/lang/Object;");
    }
}
