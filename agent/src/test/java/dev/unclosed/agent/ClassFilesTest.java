package dev.unclosed.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClassFilesTest {

    private static final byte[] MAGIC = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE};

    @Test
    void readsClassFilesFromTheJdkAndFromAJar(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("a b.jar"); // a space: the jar: URL has it encoded
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("p/Q.class"));
            out.write(MAGIC);
            out.closeEntry();
        }

        assertThat(ClassFiles.read(null, "java/io/FileInputStream.class")).startsWith(MAGIC);
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            assertThat(ClassFiles.read(loader, "p/Q.class")).containsExactly(MAGIC);
            assertThat(ClassFiles.read(loader, "p/Missing.class")).isNull();
        }
    }

    @Test
    void aLoaderThatOnlyHandsOutStreamsIsReadThroughThem() throws Exception {
        ClassLoader inMemory = new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return name.equals("p/Q.class") ? new ByteArrayInputStream(MAGIC) : null;
            }
        };

        assertThat(ClassFiles.read(inMemory, "p/Q.class")).containsExactly(MAGIC);
        assertThat(ClassFiles.read(inMemory, "p/Missing.class")).isNull();
    }
}
