package dev.unclosed.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A jar of nothing but a manifest, to attach the agent to a running JVM through. The agent jar's own manifest names
 * the jar on the bootstrap class path ({@code Boot-Class-Path}, for a JVM started with {@code -javaagent}); attached
 * to a running JVM, that makes HotSpot print a warning and turn class data sharing off for the classes it loads from
 * then on, and print another for each of the names that is not there. This jar leads to the agent jar by its
 * {@code Class-Path}, so the agent loads from the class path, without a word.
 */
public final class AttachJar {

    /** The agent's entry point, as the agent jar's manifest names it. */
    static final String AGENT_CLASS = "dev.unclosed.agent.UnclosedAgent";

    private AttachJar() {
    }

    /** Writes the jar, as a temporary file for the caller to delete once attached. */
    public static Path write(File agentJar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Agent-Class", AGENT_CLASS);
        attributes.putValue("Can-Retransform-Classes", "true");
        attributes.putValue("Can-Redefine-Classes", "true");
        // An absolute file URL, spaces and all escaped: resolved against this jar's own place, it stays as it is.
        attributes.put(Attributes.Name.CLASS_PATH, agentJar.getAbsoluteFile().toURI().toString());
        Path jar = Files.createTempFile("unclosed-attach-", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(jar);
            throw e;
        }
        return jar;
    }

    /** Deletes it; one the attached JVM still holds open (Windows) is left to the temporary directory. */
    public static void delete(Path jar) {
        try {
            Files.deleteIfExists(jar);
        } catch (IOException | RuntimeException e) {
            jar.toFile().deleteOnExit();
        }
    }
}
