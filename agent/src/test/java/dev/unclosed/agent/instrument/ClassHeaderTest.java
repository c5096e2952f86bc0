package dev.unclosed.agent.instrument;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Hierarchy#headerOf}: a class file's header read without ASM. */
class ClassHeaderTest {

    /** A class of this test's own, with interfaces whose names are not ASCII. */
    interface Grüße {
    }

    static final class Sample implements Grüße, AutoCloseable, Comparable<Sample> {
        @Override
        public void close() {
        }

        @Override
        public int compareTo(Sample o) {
            return 0;
        }
    }

    @Test
    void theHeaderOfEveryClassOfJavaBaseIsWhatAsmReads() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> classes;
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            classes = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(classes).hasSizeGreaterThan(1000); // module-info, Object (no superclass), interfaces, nests

        for (Path file : classes) {
            byte[] classFile = Files.readAllBytes(file);
            assertThat(Hierarchy.headerOf(classFile)).as(file.toString()).satisfies(header -> sameAsAsm(header, classFile));
        }
    }

    @Test
    void nonAsciiInterfaceNamesAreReadAsAsmReadsThem() throws IOException {
        byte[] classFile;
        try (var in = Sample.class.getResourceAsStream("ClassHeaderTest$Sample.class")) {
            classFile = in.readAllBytes();
        }

        Hierarchy.Header header = Hierarchy.headerOf(classFile);

        assertThat(header.interfaces()).containsExactly("dev/unclosed/agent/instrument/ClassHeaderTest$Grüße",
                "java/lang/AutoCloseable", "java/lang/Comparable");
        sameAsAsm(header, classFile);
    }

    @Test
    void aTruncatedClassFileIsRefused() throws IOException {
        byte[] classFile;
        try (var in = Sample.class.getResourceAsStream("ClassHeaderTest$Sample.class")) {
            classFile = in.readAllBytes();
        }
        byte[] truncated = Arrays.copyOf(classFile, 40);

        assertThatThrownBy(() -> Hierarchy.headerOf(truncated)).isInstanceOf(RuntimeException.class);
    }

    private static void sameAsAsm(Hierarchy.Header header, byte[] classFile) {
        ClassReader asm = new ClassReader(classFile);
        assertThat(header.access()).isEqualTo(asm.getAccess());
        assertThat(header.superName()).isEqualTo(asm.getSuperName());
        assertThat(header.interfaces()).containsExactly(asm.getInterfaces());
    }
}
