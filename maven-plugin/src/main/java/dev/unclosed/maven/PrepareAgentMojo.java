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
import java.util.Map;
import java.util.Properties;

/**
 * Puts the unclosed agent on every test JVM that Surefire and Failsafe fork: adds {@code -javaagent:...} to the
 * {@code argLine} property (or the one named by {@code propertyName}), keeping what it held, so that each fork writes
 * its own report, {@code <reportsDirectory>/<pid>.json}. Reports of an earlier run there are deleted first, so that
 * check judges this run's tests only.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareAgentMojo extends AbstractMojo {

    /** The agent jar among the plugin's own dependencies. */
    static final String AGENT_ARTIFACT = "dev.unclosed:unclosed-agent";

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
        String argument;
        try {
            argument = AgentArgLine.agentArgument(jar, reports, options);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("unclosed: " + e.getMessage(), e);
        }
        deleteOldReports(reports);

        // Surefire's ${argLine} is looked up in the session's system properties, then its user properties, then the
        // project's; -DargLine=... lands in the first two and wins. So the agent goes wherever a value is.
        Properties[] places = {session.getSystemProperties(), session.getUserProperties(), project.getProperties()};
        String existing = null;
        for (Properties place : places) {
            existing = existing != null ? existing : place.getProperty(propertyName);
        }
        String value = AgentArgLine.prepend(argument, jar, existing);
        for (Properties place : places) {
            if (place == project.getProperties() || place.getProperty(propertyName) != null) {
                place.setProperty(propertyName, value);
            }
        }
        getLog().info("unclosed: " + propertyName + " set to " + value);
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
