package dev.unclosed.demo;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.LeakTest;
import dev.unclosed.report.ReportFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's own test suite ran under the agent (Surefire, see pom.xml): its report names the leaking test, by class
 * and method, at the FileHandler it dropped, and no other test.
 */
class DemoSuiteIT {

    private static List<Leak> findings() throws Exception {
        Path reports = Path.of(System.getProperty("demo.reports", "target/unclosed"));
        List<Leak> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                LeakReport report = ReportFiles.read(file);
                assertThat(report.summary().agentErrors()).as(file.toString()).isZero();
                leaks.addAll(report.leaks());
            }
        }
        return leaks;
    }

    @Test
    void theReportNamesTheOneTestThatLeakedItsFileHandler() throws Exception {
        List<LeakTest> blamed = findings().stream()
                .filter(l -> l.type().equals(FileHandler.class.getName()) || l.owns().contains(FileHandler.class.getName()))
                .flatMap(l -> l.tests().stream())
                .toList();

        assertThat(blamed).singleElement().satisfies(test -> {
            assertThat(test.className()).isEqualTo(FileHandlerTest.class.getName());
            assertThat(test.methodName()).isEqualTo("firstLineOfAFile");
            assertThat(test.count()).isEqualTo(1);
        });
    }

    @Test
    void noOtherTestIsBlamed() throws Exception {
        assertThat(findings().stream().flatMap(l -> l.tests().stream()).map(LeakTest::methodName))
                .containsOnly("firstLineOfAFile");
    }
}
