package dev.unclosed.agent.e2e;

import dev.unclosed.scenarios.NoLeaks;
import org.junit.jupiter.api.Test;

import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/** The built agent jar says one version everywhere, and carries its license and the bundled libraries' notices. */
class PublishedJarIT {

    @Test
    void versionFlagManifestAndReportTellTheSameVersion() throws Exception {
        String manifestVersion;
        try (JarFile jar = new JarFile(AgentRun.agentJar().toFile())) {
            manifestVersion = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        CheckRun version = CheckRun.of("--version");
        AgentRun.Result run = AgentRun.on(Jdk.all().findFirst().orElseThrow()).main(NoLeaks.class).run();

        assertThat(manifestVersion).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(version.stdout().strip()).isEqualTo("unclosed " + manifestVersion);
        assertThat(run.report().tool().version()).isEqualTo(manifestVersion);
    }

    @Test
    void theJarNamesItsLicenseAndCarriesTheLicenseAndNoticeOfWhatItBundles() throws Exception {
        try (JarFile jar = new JarFile(AgentRun.agentJar().toFile())) {
            Manifest manifest = jar.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Bundle-License")).isEqualTo("Apache-2.0");
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes()))
                    .contains("Apache License", "Version 2.0, January 2004");
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes()))
                    .contains("ASM", "Jackson", "Byte Buddy", "FastDoubleParser");
            assertThat(jar.getEntry("META-INF/licenses/ASM-LICENSE.txt")).isNotNull();
            assertThat(jar.getEntry("META-INF/FastDoubleParser-LICENSE")).isNotNull();
            assertThat(jar.stream().map(e -> e.getName()))
                    .as("no unrelocated third-party class: they would clash with the application's")
                    .noneMatch(name -> name.endsWith(".class") && (name.contains("com/fasterxml/")
                            || name.contains("org/objectweb/") || name.startsWith("net/bytebuddy/")));
        }
    }
}
