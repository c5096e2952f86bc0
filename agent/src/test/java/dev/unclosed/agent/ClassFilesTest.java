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
    void aJarEntryIsReadWholeWhetherStoredOrDeflated(@TempDir Path dir) throws Exception {
        byte[] content = new byte[100_000]; // many times the chunk a stream is read in
        new java.util.Random(1).nextBytes(content);
        Path jar = dir.resolve("entries.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("deflated.bin"));
            out.write(content);
            out.closeEntry();
            JarEntry stored = new JarEntry("stored.bin");
            stored.setMethod(JarEntry.STORED);
            stored.setSize(content.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(content);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(content);
            out.closeEntry();
        }

        assertThat(ClassFiles.readFromJar(jar.toFile(), "deflated.bin")).isEqualTo(content);
        assertThat(ClassFiles.readFromJar(jar.toFile(), "stored.bin")).isEqualTo(content);
        assertThat(ClassFiles.readFromJar(jar.toFile(), "missing.bin")).isNull();
    }

    @Test
    void aJdkClassIsReadFromItsModuleAsTheSystemLoaderWouldFindIt() throws Exception {
        // java.sql's through the map of the boot layer's packages, java.base's through its own package set.
        for (String resource : new String[] {"java/sql/Connection.class", "java/util/zip/ZipFile.class"}) {
            try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
                assertThat(JdkClassFiles.read(resource)).as(resource).containsExactly(in.readAllBytes());
            }
        }
        assertThat(JdkClassFiles.read("java/io/NoSuchClass.class")).isNull();
    }

    @Test
    void theRuntimeImageHoldsThePackagesOfJavaBaseAndOfTheOtherBootModulesOnly() {
        assertThat(ClassFiles.inRuntimeImage("java/io/FileInputStream.class")).isTrue();
        assertThat(ClassFiles.inRuntimeImage("java/sql/Connection.class")).isTrue();
        assertThat(ClassFiles.inRuntimeImage("javax/inject/Inject.class")).isFalse();
        assertThat(ClassFiles.inRuntimeImage("NoPackage.class")).isFalse();
    }

    @Test
    void aPackageOfNoJdkModuleIsLeftToTheClassLoader() {
        // A javax package that a library brings on the class path: the loader finds it, not the runtime image.
        assertThat(JdkClassFiles.read("javax/inject/Inject.class")).isNull();
        assertThat(JdkClassFiles.read("NoPackage.class")).isNull();
    }

    @Test
    void aClassIsReadFromTheJarTheLoaderFindsItIn(@TempDir Path dir) throws Exception {
        Path first = jarWith(dir.resolve("first.jar"), new byte[] {1});
        Path second = jarWith(dir.resolve("second.jar"), new byte[] {2});

        try (URLClassLoader loader = new URLClassLoader(new URL[]{second.toUri().toURL(), first.toUri().toURL()}, null)) {
            assertThat(ClassFiles.read(loader, "p/Q.class")).containsExactly(2);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[]{first.toUri().toURL(), second.toUri().toURL()}, null)) {
            assertThat(ClassFiles.read(loader, "p/Q.class")).containsExactly(1);
        }
    }

    private static Path jarWith(Path jar, byte[] content) throws Exception {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("p/Q.class"));
            out.write(content);
            out.closeEntry();
        }
        return jar;
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
