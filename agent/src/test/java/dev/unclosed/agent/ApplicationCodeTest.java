package dev.unclosed.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationCodeTest {

    @TempDir
    Path dir;

    private static ProtectionDomain from(String location) throws Exception {
        return new ProtectionDomain(new CodeSource(new URL(location), (Certificate[]) null), null);
    }

    private static ApplicationCode code(String options, String mainJar) {
        return new ApplicationCode(AgentOptions.parse(options, new Properties()), mainJar);
    }

    @Test
    void classesFromJarsAreALibrarysAndClassesFromDirectoriesTheApplications() throws Exception {
        ApplicationCode code = code(null, null);

        assertThat(code.isLibrary("org.h2.Driver", from("file:/home/u/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar"))).isTrue();
        assertThat(code.isLibrary("com.acme.Main", from("file:/work/acme/target/classes/"))).isFalse();
        assertThat(code.isLibrary("com.acme.MainTest", from("file:/work/acme/target/test-classes/"))).isFalse();
    }

    @Test
    void jarsInsideAJarAreLibrariesAndDirectoriesInsideOneTheApplications() {
        assertThat(ApplicationCode.isArchive("jar:file:/srv/app.jar!/BOOT-INF/lib/h2-2.3.232.jar!/")).isTrue();
        assertThat(ApplicationCode.isArchive("nested:/srv/app.jar/!BOOT-INF/lib/h2-2.3.232.jar")).isTrue();
        assertThat(ApplicationCode.isArchive("jar:file:/srv/app.jar!/BOOT-INF/classes!/")).isFalse();
        assertThat(ApplicationCode.isArchive("nested:/srv/app.jar/!BOOT-INF/classes/")).isFalse();
        assertThat(ApplicationCode.isArchive("file:/srv/lib/legacy.ZIP")).isTrue();
    }

    @Test
    void classesOfUnknownOriginAreTheApplications() throws Exception {
        ApplicationCode code = code(null, null);

        assertThat(code.isLibrary("com.acme.Generated", null)).isFalse();
        assertThat(code.isLibrary("com.acme.Generated", new ProtectionDomain(null, null))).isFalse();
    }

    @Test
    void theApplicationOptionNamesApplicationClassesInsideJars() throws Exception {
        ApplicationCode code = code("application=com.acme.*", null);

        assertThat(code.isLibrary("com.acme.Main", from("file:/srv/acme.jar"))).isFalse();
        assertThat(code.isLibrary("org.h2.Driver", from("file:/srv/h2.jar"))).isTrue();
    }

    @Test
    void aClassNamedAsTheJvmLoadsItIsTestedByItsBinaryName() throws Exception {
        ApplicationCode code = code("application=com.acme.*", null);

        assertThat(code.isLibraryClass("com/acme/Main", from("file:/srv/acme.jar"))).isFalse();
        assertThat(code.isLibraryClass("org/h2/Driver", from("file:/srv/h2.jar"))).isTrue();
        assertThat(code(null, null).isLibraryClass("com/acme/Main", from("file:/srv/acme.jar"))).isTrue();
    }

    @Test
    void theMainJarOfJavaDashJarIsTheApplications() throws Exception {
        Path jar = Files.createFile(dir.resolve("app.jar"));
        String mainJar = ApplicationCode.mainJar(jar + " --verbose", jar.toString());
        ApplicationCode code = code(null, mainJar);

        assertThat(code.isLibrary("com.acme.Main", new ProtectionDomain(new CodeSource(jar.toRealPath().toUri().toURL(),
                (Certificate[]) null), null))).isFalse();
        assertThat(code.isLibrary("org.h2.Driver", from("file:/srv/h2.jar"))).isTrue();
    }

    @Test
    void theJarOfTheMainClassOfJavaDashCpIsTheApplications() throws Exception {
        ApplicationCode code = new ApplicationCode(AgentOptions.parse(null, new Properties()), null,
                ApplicationCode.mainClass("com.acme.Main --port 80"));

        code.loading("com/acme/Main", from("file:/srv/acme.jar"));

        assertThat(code.isLibrary("com.acme.Store", from("file:/srv/acme.jar"))).isFalse();
        assertThat(code.isLibrary("org.h2.Driver", from("file:/srv/h2.jar"))).isTrue();
    }

    @Test
    void theMainClasssJarIsTheApplicationsEvenIfOneOfItsClassesWasAskedAboutBefore() throws Exception {
        ApplicationCode code = new ApplicationCode(AgentOptions.parse(null, new Properties()), null,
                ApplicationCode.mainClass("com.acme.Main"));
        ProtectionDomain acme = from("file:/srv/acme.jar");
        assertThat(code.isLibrary("com.acme.Early", acme)).as("before the main class loads").isTrue();

        code.loading("com/acme/Main", acme);

        assertThat(code.isLibrary("com.acme.Store", acme)).isFalse();
    }

    @Test
    void aJarOrAModuleInTheCommandIsNoMainClass() {
        assertThat(ApplicationCode.mainClass("app.jar --verbose")).isNull();
        assertThat(ApplicationCode.mainClass("com.acme/com.acme.Main")).isNull();
        assertThat(ApplicationCode.mainClass(null)).isNull();
        assertThat(ApplicationCode.mainClass("org.openjdk.jmh.runner.ForkedMain 127.0.0.1 36413")).isEqualTo("org.openjdk.jmh.runner.ForkedMain");
    }

    @Test
    void aJarOnTheClassPathOfAMainClassIsNoMainJar() throws Exception {
        assertThat(ApplicationCode.mainJar("com.acme.Main", "app.jar")).isNull();
        assertThat(ApplicationCode.mainJar("app.jar", "app.jar" + File.pathSeparator + "lib.jar")).isNull();
        assertThat(ApplicationCode.mainJar("app.jar2 x", "app.jar")).isNull();
        assertThat(ApplicationCode.mainJar(null, "app.jar")).isNull();
        assertThat(ApplicationCode.mainJar("app.jar x", "app.jar")).isEqualTo(new File("app.jar").getCanonicalPath());
    }
}
