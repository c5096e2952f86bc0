package dev.unclosed.agent;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.List;

/**
 * The packages of unclosed's own code. Their classes are never instrumented and their frames never count as an
 * allocation site. Listed one by one: an application may well live under {@code dev.unclosed} too (the demo does).
 */
public final class AgentPackages {

    public static final List<String> PREFIXES = List.of(
            "dev.unclosed.agent.",
            "dev.unclosed.bootstrap.",
            "dev.unclosed.shaded.",
            "dev.unclosed.report.",
            "dev.unclosed.cli.",
            "dev.unclosed.junit5.");

    private AgentPackages() {
    }

    /**
     * The jar unclosed's classes were loaded from, or null when they were not loaded from a local jar file (from a
     * directory, in the agent's own unit tests).
     */
    public static File agentJar() {
        try {
            URL location;
            if (AgentPackages.class.getClassLoader() == null) {
                // From the bootstrap loader (Boot-Class-Path), which gives its classes no code source.
                File appended = appendedAgentJar();
                if (appended != null) {
                    return appended;
                }
                // The jar this class file came from, as "jar:file:/.../unclosed-agent.jar!/dev/unclosed/...": a
                // resource looked up through the bootstrap loader's search, about 4 ms the first time on Java 25.
                URL self = AgentPackages.class.getResource("AgentPackages.class");
                String spec = self == null || !"jar".equals(self.getProtocol()) ? null : self.getFile();
                int separator = spec == null ? -1 : spec.indexOf("!/");
                location = separator < 0 ? null : new URL(spec.substring(0, separator));
            } else {
                CodeSource source = AgentPackages.class.getProtectionDomain().getCodeSource();
                location = source == null ? null : source.getLocation();
            }
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            File file = new File(location.toURI());
            return file.isFile() ? file : null;
        } catch (URISyntaxException | MalformedURLException | RuntimeException e) {
            return null;
        }
    }

    /**
     * This jar among those appended to the bootstrap search: the first there is of the names the manifest's
     * {@code Boot-Class-Path} gives it, in its order, as the bootstrap loader searches them. Null before the agent
     * has exported {@code jdk.internal.misc} to itself.
     */
    private static File appendedAgentJar() {
        try {
            String appended = BootClassPath.appended();
            if (appended == null) {
                return null;
            }
            for (String entry : appended.split(File.pathSeparator)) {
                File file = new File(entry);
                String name = file.getName();
                if ((name.equals("unclosed-agent-" + AgentVersion.VERSION + ".jar") || name.equals("unclosed-agent.jar"))
                        && file.isFile()) {
                    return file;
                }
            }
            return null;
        } catch (LinkageError e) {
            return null;
        }
    }

    public static boolean contains(String className) {
        return contains(className, '.');
    }

    /** As {@link #contains}, for a class's internal name ({@code dev/unclosed/agent/...}): no copy per class loaded. */
    public static boolean containsInternal(String internalName) {
        return contains(internalName, '/');
    }

    private static boolean contains(String name, char separator) {
        if (!name.startsWith("dev") || name.length() < 13 || name.charAt(3) != separator
                || !name.startsWith("unclosed", 4) || name.charAt(12) != separator) {
            return false;
        }
        for (String prefix : PREFIXES) {
            // "dev.unclosed." matched above; the rest of the prefix, and its closing separator.
            int rest = prefix.length() - 14;
            if (name.length() > 13 + rest && name.regionMatches(13, prefix, 13, rest)
                    && name.charAt(13 + rest) == separator) {
                return true;
            }
        }
        return false;
    }
}
