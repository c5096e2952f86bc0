package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class SiteIdSlotsTest {

    /** A class whose one method loads these int constants with ldc, and a long and a string among them. */
    private static byte[] classLoading(int... values) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "p/C", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, "m", "()V", null, null);
        m.visitCode();
        m.visitLdcInsn(123_456_789_012L);
        m.visitInsn(Opcodes.POP2);
        m.visitLdcInsn("text");
        m.visitInsn(Opcodes.POP);
        for (int value : values) {
            m.visitLdcInsn(value);
            m.visitInsn(Opcodes.POP);
        }
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(2, 0);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void placeholdersAvoidTheClassesOwnConstantsAndAreFoundWhereTheInstrumentationPutThem() {
        SiteIdSlots probe = new SiteIdSlots(new ClassReader(classLoading()));
        int first = probe.placeholder();
        // The original class already holds the first two values a placeholder would take.
        SiteIdSlots slots = new SiteIdSlots(new ClassReader(classLoading(first, first + 1, 7)));
        int a = slots.placeholder();
        int b = slots.placeholder();
        assertThat(a).isNotIn(first, first + 1, 7);
        assertThat(b).isNotIn(first, first + 1, 7, a);

        byte[] instrumented = classLoading(first, b, first + 1, a, 7); // the writer puts them in its own order
        int[] offsets = slots.offsetsIn(instrumented);

        assertThat(offsets).hasSize(2);
        assertThat(ByteBuffer.wrap(instrumented, offsets[0], 4).getInt()).isEqualTo(a);
        assertThat(ByteBuffer.wrap(instrumented, offsets[1], 4).getInt()).isEqualTo(b);
        int[] next = {40};
        SiteIdSlots.assign(instrumented, offsets, () -> next[0]++);
        assertThat(ByteBuffer.wrap(instrumented, offsets[0], 4).getInt()).isEqualTo(40);
        assertThat(ByteBuffer.wrap(instrumented, offsets[1], 4).getInt()).isEqualTo(41);
    }

    @Test
    void aPlaceholderMissingFromTheClassIsNoOffset() {
        SiteIdSlots slots = new SiteIdSlots(new ClassReader(classLoading()));
        int a = slots.placeholder();
        slots.placeholder();

        assertThat(slots.offsetsIn(classLoading(a))).isNull();
    }
}
