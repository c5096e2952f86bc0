package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConstantPoolTest {

    /** Constants of two items each, a lambda and a name that is not ASCII. */
    static final class Sample {
        static final long BIG = 1L << 40;
        static final double HALF = 0.5;
        static final String NAME = "Grüße, 世界";

        Object lambda() {
            java.util.function.Supplier<Object> s = Object::new;
            return s;
        }
    }

    private static byte[] classFile() throws IOException {
        try (InputStream in = Sample.class.getResourceAsStream("ConstantPoolTest$Sample.class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyItemStartsWhereAsmFindsIt() throws Exception {
        byte[] classFile = classFile();
        ClassReader reader = new ClassReader(classFile);

        ConstantPool pool = ConstantPool.of(classFile);

        assertThat(pool.count()).isEqualTo(reader.getItemCount());
        for (int i = 1; i < pool.count(); i++) {
            int asm = reader.getItem(i);
            if (asm == 0) {
                assertThat(pool.tag(i)).as("item %d, the second slot of a long or double", i).isZero();
            } else {
                assertThat(pool.contents(i)).as("item %d", i).isEqualTo(asm);
                assertThat(pool.tag(i)).as("item %d", i).isEqualTo(classFile[asm - 1]);
            }
        }
    }

    @Test
    void theNamesOfClassesAndStringsReadAsAsmReadsThem() throws Exception {
        byte[] classFile = classFile();
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];

        ConstantPool pool = ConstantPool.of(classFile);

        boolean sawNonAscii = false;
        for (int i = 1; i < pool.count(); i++) {
            if (pool.tag(i) == ConstantPool.CLASS || pool.tag(i) == ConstantPool.STRING) {
                // Both hold the index of a CONSTANT_Utf8 item; ASM's readUTF8 follows such an index.
                String expected = reader.readUTF8(reader.getItem(i), buffer);
                int utf8 = pool.contentsOfItemAt(pool.contents(i));

                assertThat(pool.utf8(utf8)).as("item %d", i).isEqualTo(expected);
                assertThat(pool.utf8Equals(utf8, expected.getBytes(StandardCharsets.ISO_8859_1)))
                        .as("item %d compared as ASCII", i).isEqualTo(expected.chars().allMatch(c -> c < 0x80));
                sawNonAscii |= expected.equals(Sample.NAME);
            }
        }
        assertThat(sawNonAscii).as("the sample's non-ASCII constant is in the pool").isTrue();
    }

    @Test
    void anUnknownTagGivesNoPool() throws Exception {
        byte[] classFile = classFile();
        classFile[10] = 2; // the first item's tag: 2 is no constant pool tag

        assertThat(ConstantPool.of(classFile)).isNull();
    }
}
