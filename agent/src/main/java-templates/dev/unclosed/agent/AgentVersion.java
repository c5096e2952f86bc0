package dev.unclosed.agent;

/**
 * The version that was built, written here by Maven (see the agent's pom). Not read from the jar's manifest: for
 * classes the bootstrap loader defined, that reads the jar through {@code JarInputStream}, a few milliseconds of
 * each JVM's start for one string.
 */
final class AgentVersion {

    static final String VERSION = "${project.version}";

    private AgentVersion() {
    }
}
