package dev.unclosed.maven;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The plugin setup that README and docs/ci.md show is the one the sample builds run, word for word. */
class DocsSnippetTest {

    /** Surefire runs tests in the module's directory. */
    private static final Path ROOT = Path.of("..");

    @Test
    void ciDocShowsTheTestedSetup() throws IOException {
        assertThat(Files.readString(ROOT.resolve("docs/ci.md"))).contains(testedSetup());
    }

    @Test
    void readmeShowsTheTestedSetup() throws IOException {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains(testedSetup());
    }

    /** The leaking sample's plugin element, as a user's pom would have it: at the left margin, with the version. */
    private static String testedSetup() throws IOException {
        String pom = Files.readString(ROOT.resolve("maven-plugin/src/it/leaking-test/pom.xml"));
        int start = pom.lastIndexOf("<plugin>", pom.indexOf("<artifactId>unclosed-maven-plugin</artifactId>"));
        int end = pom.indexOf("</plugin>", start) + "</plugin>".length();
        String block = "      " + pom.substring(start, end);
        String version = System.getProperty("unclosed.version");
        assertThat(version).as("the build's version, from Surefire").isNotBlank();
        return "```xml\n" + block.lines().map(line -> line.substring(Math.min(6, line.length()))).collect(Collectors.joining("\n"))
                .replace("@project.version@", version) + "\n```";
    }
}
