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
