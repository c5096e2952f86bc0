package dev.unclosed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

class AttachJarTest {

    @TempDir
    Path dir;

    @Test
    void itIsAManifestThatNamesTheAgentClassAndLeadsToTheAgentJarWithoutABootClassPath() throws Exception {
        Path agents = Files.createDirectories(dir.resolve("my agents"));
        File agentJar = Files.createFile(agents.resolve("unclosed agent.jar")).toFile();

        Path attachJar = AttachJar.write(agentJar);
        try (JarFile jar = new JarFile(attachJar.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();

            assertThat(main.getValue("Agent-Class")).isEqualTo("dev.unclosed.agent.UnclosedAgent");
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("true");
            assertThat(main.getValue("Boot-Class-Path")).isNull();
            assertThat(Path.of(URI.create(main.getValue("Class-Path")))).isEqualTo(agentJar.toPath().toAbsolutePath());
            assertThat(jar.stream().filter(e -> !e.getName().startsWith("META-INF/"))).isEmpty();
        } finally {
            AttachJar.delete(attachJar);
        }
        assertThat(attachJar).doesNotExist();
    }
}
