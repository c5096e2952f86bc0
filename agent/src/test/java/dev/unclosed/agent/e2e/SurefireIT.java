package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The setup docs/ci.md gives users, run for real: a Maven project whose Surefire forks carry the agent in
 * {@code argLine}, one report per fork, then {@code check} over the directory.
 */
class SurefireIT {

    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>leaky</artifactId>
              <version>1</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>org.junit.jupiter</groupId>
                  <artifactId>junit-jupiter</artifactId>
                  <version>5.11.4</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>
              <build>
                <plugins>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-compiler-plugin</artifactId>
                    <version>3.13.0</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-resources-plugin</artifactId>
                    <version>3.3.1</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-surefire-plugin</artifactId>
                    <version>3.5.2</version>
                    <configuration>
                      <forkCount>2</forkCount>
                      <reuseForks>false</reuseForks>
                      <argLine>-agentlib:instrument=${unclosed.jar}=report=${project.build.directory}/unclosed/{pid}.json</argLine>
                    </configuration>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    private static final String TEST = """
            package com.example;

            import java.io.FileInputStream;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import org.junit.jupiter.api.Test;

            class %sTest {
                @Test
                void readsTheFirstByte() throws Exception {
                    Path file = Files.writeString(Files.createTempFile("leaky", ".txt"), "x");
                    new FileInputStream(file.toFile()).read();
                }
            }
            """;

    private static Path mavenHome() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path mvn = Path.of(dir, "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn;
            }
        }
        return null;
    }

    @Test
    void surefireForksWriteOneReportEachAndCheckFailsOnTheirLeaks() throws Exception {
        Path mvn = mavenHome();
        assumeTrue(mvn != null, "no mvn on the PATH");
        Path project = AgentRun.newWorkDirectory("surefire-");
        Files.writeString(project.resolve("pom.xml"), POM);
        Path tests = Files.createDirectories(project.resolve("src/test/java/com/example"));
        Files.writeString(tests.resolve("FirstTest.java"), String.format(TEST, "First"));
        Files.writeString(tests.resolve("SecondTest.java"), String.format(TEST, "Second"));

        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "test",
                "-Dunclosed.jar=" + AgentRun.agentJar()));
        Process build = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve("build.log").toFile()).start();
        assertThat(build.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(project.resolve("build.log"), StandardCharsets.UTF_8);
        assertThat(build.exitValue()).as(log).isZero();

        Path reports = project.resolve("target/unclosed");
        List<LeakReport> written = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                written.add(ReportFiles.read(file));
            }
        }
        assertThat(written).as("one report per forked test JVM").hasSize(2);
        assertThat(written).allSatisfy(report -> assertThat(report.leaks())
                .anySatisfy(leak -> {
                    assertThat(leak.type()).isEqualTo("java.io.FileInputStream");
                    assertThat(leak.kind()).isEqualTo(Leak.KIND_GC);
                    assertThat(leak.site().className()).startsWith("com.example.");
                }));

        CheckRun check = CheckRun.of("check", reports.toString());
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isEqualTo(1);
        assertThat(check.stdout()).contains("FirstTest.java:").contains("SecondTest.java:");
    }
}
