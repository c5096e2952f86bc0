package dev.unclosed.maven;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Puts the unclosed agent on every test JVM that Surefire and Failsafe fork: adds {@code -agentlib:instrument=...}
 * (or {@code -javaagent:...}, see {@code agentFlag}) to the {@code argLine} property (or the one named by
 * {@code propertyName}), keeping what it held, so that each fork writes its own report,
 * {@code <reportsDirectory>/<pid>.json}. Reports of an earlier run there are deleted first, so that check judges this
 * run's tests only.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareAgentMojo extends AbstractMojo {

    /** The agent jar among the plugin's own dependencies. */
    static final String AGENT_ARTIFACT = "dev.unclosed:unclosed-agent";

    /** The JUnit 5 listener that names tests, and the library it loads the agent with when the JVM has none. */
    static final List<String> TEST_NAMING_ARTIFACTS = List.of("dev.unclosed:unclosed-junit5", "net.bytebuddy:byte-buddy-agent");

    /** Surefire's and Failsafe's extra test class path entries, comma-separated. */
    static final String ADDITIONAL_CLASSPATH = "maven.test.additionalClasspath";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${plugin.artifactMap}", readonly = true, required = true)
    private Map<String, Artifact> pluginArtifactMap;

    /** The property that Surefire and Failsafe read their JVM arguments from. */
    @Parameter(property = "unclosed.propertyName", defaultValue = "argLine")
    private String propertyName;

    /** Where the test JVMs write their reports, one file per JVM. */
    @Parameter(property = "unclosed.reportsDirectory", defaultValue = "${project.build.directory}/unclosed")
    private File reportsDirectory;

    /**
     * Agent options (docs/options.md) but {@code report}, which the plugin sets: {@code <stackDepth>16</stackDepth>},
     * {@code <exclude>com.acme.legacy.**</exclude>}, {@code <quiet>false</quiet>}... An empty value stands for true.
     */
    @Parameter
    private Map<String, String> options;

    /**
     * Whether findings name the tests that leaked them: unclosed-junit5, which tells the agent which test runs, is put
     * on the test class path (Surefire's and Failsafe's {@code maven.test.additionalClasspath}). Not needed when the
     * project has it as a test dependency, harmless then.
     */
    @Parameter(property = "unclosed.nameTests", defaultValue = "true")
    private boolean nameTests;

    /**
     * How the test JVMs load the agent: {@code agentlib} ({@code -agentlib:instrument=JAR=...}) or {@code javaagent}
     * ({@code -javaagent:JAR=...}). The same agent either way; {@code -javaagent} also adds the module java.instrument,
     * which keeps the JDK's archived module graph from being used and costs every test JVM 25 to 45 ms more at start.
     * With {@code agentlib}, java.instrument must be in the JVM's modules, as it is by default: an argLine that limits
     * the modules ({@code --limit-modules}) gets {@code -javaagent} whatever this says.
     */
    @Parameter(property = "unclosed.agentFlag", defaultValue = "agentlib")
    private String agentFlag;

    /** Skips prepare-agent and check. */
    @Parameter(property = "unclosed.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("unclosed: skipped (unclosed.skip)");
            return;
        }
        Artifact agent = pluginArtifactMap.get(AGENT_ARTIFACT);
        if (agent == null || agent.getFile() == null) {
            throw new MojoExecutionException("unclosed: the agent jar (" + AGENT_ARTIFACT + ") is not among the plugin's dependencies");
        }
        Path jar = agent.getFile().toPath().toAbsolutePath();
        Path reports = reportsDirectory.toPath().toAbsolutePath();
        AgentArgLine.Flag flag;
        try {
            flag = AgentArgLine.Flag.named(agentFlag);
            AgentArgLine.agentArgument(flag, jar, reports, options); // the options checked before anything changes
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("unclosed: " + e.getMessage(), e);
        }
        deleteOldReports(reports);

        String value = set(propertyName, existing -> AgentArgLine.prepend(
                AgentArgLine.agentArgument(AgentArgLine.flagFor(flag, existing), jar, reports, options), jar, existing));
        getLog().info("unclosed: " + propertyName + " set to " + value);
        if (nameTests) {
            addTestNaming();
        }
    }

    /**
     * Puts unclosed-junit5 (and what it needs) on the test class path through Surefire's and Failsafe's
     * {@code maven.test.additionalClasspath}: its JUnit Platform listener, found by the platform by itself, tells the
     * agent which test runs, so that findings name their tests without a dependency in the project.
     */
    private void addTestNaming() throws MojoExecutionException {
        List<String> jars = new ArrayList<>();
        for (String name : TEST_NAMING_ARTIFACTS) {
            Artifact artifact = pluginArtifactMap.get(name);
            if (artifact == null || artifact.getFile() == null) {
                throw new MojoExecutionException("unclosed: " + name + " is not among the plugin's dependencies");
            }
            jars.add(artifact.getFile().getAbsolutePath());
        }
        try {
            set(ADDITIONAL_CLASSPATH, existing -> AgentArgLine.appendToList(existing, jars));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("unclosed: " + e.getMessage() + " (or -Dunclosed.nameTests=false)", e);
        }
    }

    /**
     * Sets a property that Surefire and Failsafe read, from its current value. A {@code ${...}} in a plugin's
     * configuration is looked up in the session's system properties, then its user properties, then the project's;
     * {@code -DargLine=...} lands in the first two and wins. So the new value goes wherever a value is.
     */
    private String set(String name, UnaryOperator<String> from) {
        Properties[] places = {session.getSystemProperties(), session.getUserProperties(), project.getProperties()};
        String existing = null;
        for (Properties place : places) {
            existing = existing != null ? existing : place.getProperty(name);
        }
        String value = from.apply(existing);
        for (Properties place : places) {
            if (place == project.getProperties() || place.getProperty(name) != null) {
                place.setProperty(name, value);
            }
        }
        return value;
    }

    private void deleteOldReports(Path reports) throws MojoExecutionException {
        if (!Files.isDirectory(reports)) {
            return;
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(reports, "*.json")) {
            for (Path report : old) {
                Files.deleteIfExists(report);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("unclosed: cannot delete the reports of an earlier run in " + reports + ": " + e, e);
        }
    }
}
