package dev.unclosed.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The agent argument that prepare-agent adds to a JVM argument line, and how it is added. */
final class AgentArgLine {

    /**
     * How a JVM is told to load the agent. Both load the same Java agent through the JDK's {@code instrument}
     * library (the agent jar's manifest, {@code premain}, the options after {@code =}); {@code -javaagent} also
     * implies {@code --add-modules java.instrument}, and the JDK's class data archive, dumped without it, then leaves
     * its archived module graph unused: the JVM builds the graph at start, 25 to 45 ms on this project's machine.
     */
    enum Flag {
        /** {@code -agentlib:instrument=JAR=OPTIONS}: the module graph stays archived; java.instrument must be resolved. */
        AGENTLIB("-agentlib:instrument="),
        /** {@code -javaagent:JAR=OPTIONS}: the documented form, for a JVM whose modules may leave java.instrument out. */
        JAVAAGENT("-javaagent:");

        final String prefix;

        Flag(String prefix) {
            this.prefix = prefix;
        }

        /** {@code agentlib} or {@code javaagent}, as the plugin's {@code agentFlag} names them. */
        static Flag named(String name) {
            for (Flag flag : values()) {
                if (flag.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return flag;
                }
            }
            throw new IllegalArgumentException("agentFlag must be agentlib or javaagent, not '" + name + "'");
        }
    }

    /**
     * The flag to use: {@code asked}, but {@code -javaagent} where the argument line limits the modules: a JVM whose
     * module graph leaves java.instrument out stops at start under {@code -agentlib:instrument}, where
     * {@code -javaagent} adds the module.
     */
    static Flag flagFor(Flag asked, String existing) {
        return asked == Flag.AGENTLIB && existing != null && existing.contains("--limit-modules") ? Flag.JAVAAGENT : asked;
    }

    /** One report per test JVM: Surefire and Failsafe forks run side by side and must not overwrite each other's. */
    static final String REPORT_FILE = "{pid}.json";

    private AgentArgLine() {
    }

    /**
     * {@code -agentlib:instrument=JAR=report=DIR/{pid}.json,quiet=true,...} (or {@code -javaagent:JAR=...}), quoted
     * when it holds whitespace (Surefire splits its argLine at whitespace outside quotes). {@code quiet} is on unless
     * the options say otherwise: the agent's summary goes to a forked JVM's stderr, which Surefire does not show, and
     * check prints it anyway.
     */
    static String agentArgument(Flag flag, Path agentJar, Path reportsDirectory, Map<String, String> options) {
        Map<String, String> all = new TreeMap<>();
        all.put("quiet", "true");
        if (options != null) {
            options.forEach((key, value) -> all.put(key.trim(), value == null ? "" : value.trim()));
        }
        if (all.containsKey("report")) {
            throw new IllegalArgumentException("the agent option 'report' is set by the plugin (one report per test JVM in "
                    + reportsDirectory + "); set <reportsDirectory> instead");
        }
        StringJoiner joined = new StringJoiner(",");
        joined.add("report=" + noComma("reportsDirectory", reportsDirectory.resolve(REPORT_FILE).toString()));
        all.forEach((key, value) -> joined.add(noComma("option " + key, key) + (value.isEmpty() ? "" : "=" + noComma("option " + key, value))));
        String argument = flag.prefix + agentJar + "=" + joined;
        return argument.chars().anyMatch(Character::isWhitespace) ? '"' + argument + '"' : argument;
    }

    /**
     * {@code agentArgument} first, then what was there, without an earlier argument for the same jar in either form:
     * prepare-agent run again on the same property (a second execution, the next module of a build changing a user
     * property) replaces its argument instead of adding a second agent.
     */
    static String prepend(String agentArgument, Path agentJar, String existing) {
        if (existing == null || existing.isBlank()) {
            return agentArgument;
        }
        String rest = existing;
        for (Flag flag : Flag.values()) {
            String jar = Pattern.quote(flag.prefix + agentJar + "=");
            rest = rest.replaceAll("\"" + jar + "[^\"]*\"|" + jar + "\\S*", "");
        }
        rest = rest.trim().replaceAll("\\s{2,}", " ");
        return rest.isEmpty() ? agentArgument : agentArgument + " " + rest;
    }

    /**
     * A comma-separated list (as Maven turns a property into a list parameter) with {@code entries} added at its end,
     * each once, whatever the list held before.
     */
    static String appendToList(String existing, List<String> entries) {
        List<String> all = new ArrayList<>();
        if (existing != null) {
            for (String entry : existing.split(",")) {
                if (!entry.isBlank() && !entries.contains(entry.trim())) {
                    all.add(entry.trim());
                }
            }
        }
        for (String entry : entries) {
            if (entry.indexOf(',') >= 0) {
                throw new IllegalArgumentException("a test class path entry must not contain a comma (Maven splits the list at commas): " + entry);
            }
            all.add(entry);
        }
        return String.join(",", all);
    }

    /** The agent splits its options at commas, and has no way to escape one. */
    private static String noComma(String what, String value) {
        if (value.indexOf(',') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a comma (the agent separates its options with commas): " + value);
        }
        return value;
    }
}
