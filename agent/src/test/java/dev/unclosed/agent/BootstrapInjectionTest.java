package dev.unclosed.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BootstrapInjectionTest {

    @TempDir
    Path dir;

    /** A jar of these entries, the first stored and the rest deflated (as jar tools write them). */
    private static byte[] jarOf(String... namesAndContents) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                JarEntry entry = new JarEntry(namesAndContents[i]);
                if (i == 0) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(content);
                    entry.setMethod(JarEntry.STORED);
                    entry.setSize(content.length);
                    entry.setCrc(crc.getValue());
                }
                out.putNextEntry(entry);
                out.write(content);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void theNestedJarsClassesAreReadInItsOrderStoredOrDeflated() throws Exception {
        byte[] jar = jarOf("a/Outer$Inner.class", "inner", "a/Outer.class", "outer ".repeat(100),
                "a/readme.txt", "not a class", "module-info.class", "not this");

        java.util.Map<String, byte[]> classes = BootstrapInjection.classesIn(jar);

        assertThat(classes.keySet()).containsExactly("a.Outer$Inner", "a.Outer");
        assertThat(new String(classes.get("a.Outer$Inner"), StandardCharsets.UTF_8)).isEqualTo("inner");
        assertThat(new String(classes.get("a.Outer"), StandardCharsets.UTF_8)).isEqualTo("outer ".repeat(100));
    }

    @Test
    void aDamagedNestedJarIsAnIOException() throws Exception {
        byte[] jar = jarOf("a/A.class", "a", "a/B.class", "b".repeat(300));
        for (int cut : new int[] {0, 10, jar.length / 2, jar.length - 1}) {
            byte[] damaged = java.util.Arrays.copyOf(jar, cut);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BootstrapInjection.classesIn(damaged))
                    .as("cut at " + cut).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void loadedFromADirectoryThereIsNoAgentJar() {
        assertThat(AgentPackages.agentJar()).isNull();
    }

    @Test
    void loadedFromAJarTheNestedJarIsReadFromThatJarFile() throws Exception {
        byte[] nested = "the nested jar".getBytes(StandardCharsets.UTF_8);
        Path jar = dir.resolve("agent with space.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : new Class<?>[] {BootstrapInjection.class, AgentPackages.class}) {
                String classFile = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(classFile));
                try (InputStream in = type.getClassLoader().getResourceAsStream(classFile)) {
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry("META-INF/unclosed/bootstrap.jar"));
            out.write(nested);
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> injection = loader.loadClass(BootstrapInjection.class.getName());
            assertThat(injection.getClassLoader()).isSameAs(loader);

            assertThat(call(loader.loadClass(AgentPackages.class.getName()), "agentJar")).isEqualTo(jar.toFile());
            assertThat((byte[]) call(injection, "readNestedJar")).isEqualTo(nested);
        }
    }

    private static Object call(Class<?> type, String method) throws Exception {
        Method m = type.getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(null);
    }
}
