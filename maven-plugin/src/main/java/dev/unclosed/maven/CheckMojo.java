package dev.unclosed.maven;

import dev.unclosed.cli.CheckRun;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails the build on the leaks in the module's reports, with the rules and options of the command line's
 * {@code check} (docs/cli.md), whose summary it prints. Tests that ran without writing a report fail it too: a
 * build whose test JVMs lost the agent must not pass as a clean one.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractMojo {

    private static final String SKIP_HINT = "A module whose test classes are not tests (shared test code): skip the check there, "
            + "<skip>true</skip> in the plugin's configuration, or -Dunclosed.skip for the whole build.";

    @Parameter(property = "unclosed.reportsDirectory", defaultValue = "${project.build.directory}/unclosed")
    private File reportsDirectory;

    /** {@code gc}: objects collected without close(); {@code exit}: still open at JVM exit; {@code any}: both. */
    @Parameter(property = "unclosed.failOn", defaultValue = "gc")
    private String failOn;

    /** Failing findings tolerated. */
    @Parameter(property = "unclosed.max", defaultValue = "0")
    private int max;

    /** Known leaks that do not fail: a file written by {@code java -jar unclosed-agent.jar baseline}, or a report. */
    @Parameter(property = "unclosed.baseline")
    private File baseline;

    /** Where to write SARIF 2.1.0 (code scanning), if anywhere. */
    @Parameter(property = "unclosed.sarif")
    private File sarif;

    /** Where to write JUnit XML, one failed test case per failing finding, if anywhere. */
    @Parameter(property = "unclosed.junit")
    private File junit;

    /** Print only failing findings, fixed baseline entries and the totals. */
    @Parameter(property = "unclosed.quiet", defaultValue = "false")
    private boolean quiet;

    /** Skips prepare-agent and check. */
    @Parameter(property = "unclosed.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean mavenTestSkip;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File buildDirectory;

    @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true)
    private File testClassesDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("unclosed: skipped (unclosed.skip)");
            return;
        }
        TestEvidence evidence = new TestEvidence(reportsDirectory.toPath(), buildDirectory.toPath(), testClassesDirectory.toPath());
        String results = evidence.testResults();
        String classes = evidence.testClasses();
        if (!evidence.hasReports()) {
            if (skipTests || mavenTestSkip) {
                getLog().info("unclosed: tests were skipped, no leak report to check");
                return;
            }
            if (results == null && classes == null) {
                getLog().info("unclosed: no tests in this module, no leak report to check");
                return;
            }
            throw new MojoFailureException("unclosed: tests ran (" + (results != null ? results : classes)
                    + ") but no test JVM wrote a leak report to " + reportsDirectory + ". The tests ran without the agent:\n"
                    + "  - run prepare-agent in this module (an execution of unclosed-maven-plugin with goals prepare-agent and check);\n"
                    + "  - keep the agent where the pom sets <argLine>: <argLine>@{argLine} -Xmx1g</argLine>;\n"
                    + "  - pin Surefire and Failsafe to 3.x: Maven 3's default Surefire (2.12.4) runs no JUnit 5 test;\n"
                    + "  - Surefire must fork (forkCount 0 runs tests in Maven's JVM, without the agent).\n"
                    + SKIP_HINT);
        }
        if (results == null && classes != null) {
            // The agent's report of a test JVM that ran nothing is clean, and says nothing about the tests.
            throw new MojoFailureException("unclosed: test JVMs ran under the agent, but no test ran (" + classes
                    + ", no results in surefire-reports or failsafe-reports), so there is nothing to trust in their reports.\n"
                    + "  - pin Surefire and Failsafe to 3.x: Maven 3's default Surefire (2.12.4) runs no JUnit 5 test.\n"
                    + SKIP_HINT);
        }

        CheckRun.Outcome outcome = CheckRun.check(arguments(), new PrintStream(log(), true, StandardCharsets.UTF_8));
        switch (outcome.exitCode()) {
            case 0 -> {
            }
            case 1 -> throw new MojoFailureException(failure(outcome.failing()));
            case 3 -> throw new MojoExecutionException("unclosed: bad configuration: " + outcome.error());
            default -> throw new MojoFailureException("unclosed: " + outcome.error());
        }
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(reportsDirectory.getPath(), "--fail-on", failOn, "--max", String.valueOf(max)));
        if (baseline != null) {
            args.addAll(List.of("--baseline", baseline.getPath()));
        }
        if (sarif != null) {
            args.addAll(List.of("--sarif", sarif.getPath()));
        }
        if (junit != null) {
            args.addAll(List.of("--junit", junit.getPath()));
        }
        if (quiet) {
            args.add("--quiet");
        }
        return args;
    }

    /** The message Maven shows last, so it names each failing finding: where it was allocated and by which tests. */
    static String failure(List<String> failing) {
        StringBuilder message = new StringBuilder("unclosed: ").append(failing.size())
                .append(failing.size() == 1 ? " resource leak fails" : " resource leaks fail").append(" the check:");
        for (String finding : failing) {
            message.append("\n  - ").append(finding);
        }
        return message.append("\nClose them (try-with-resources), or accept them in a baseline (docs/ci.md).").toString();
    }

    /** Each line of check's summary as a line of Maven's log. */
    private ByteArrayOutputStream log() {
        return new ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                String text = toString(StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                if (end < 0) {
                    return;
                }
                for (String line : text.substring(0, end).split("\n", -1)) {
                    getLog().info(line);
                }
                String rest = text.substring(end + 1);
                reset();
                writeBytes(rest.getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
