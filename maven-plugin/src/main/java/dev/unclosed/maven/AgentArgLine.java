package dev.unclosed.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The {@code -javaagent} argument that prepare-agent adds to a JVM argument line, and how it is added. */
final class AgentArgLine {

    /** One report per test JVM: Surefire and Failsafe forks run side by side and must not overwrite each other's. */
    static final String REPORT_FILE = "{pid}.json";

    private AgentArgLine() {
    }

    /**
     * {@code -javaagent:JAR=report=DIR/{pid}.json,quiet=true,...}, quoted when it holds whitespace (Surefire splits
     * its argLine at whitespace outside quotes). {@code quiet} is on unless the options say otherwise: the agent's
     * summary goes to a forked JVM's stderr, which Surefire does not show, and check prints it anyway.
     */
    static String agentArgument(Path agentJar, Path reportsDirectory, Map<String, String> options) {
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
        String argument = "-javaagent:" + agentJar + "=" + joined;
        return argument.chars().anyMatch(Character::isWhitespace) ? '"' + argument + '"' : argument;
    }

    /**
     * {@code agentArgument} first, then what was there, without an earlier argument for the same jar: prepare-agent
     * run again on the same property (a second execution, the next module of a build changing a user property) replaces
     * its argument instead of adding a second agent.
     */
    static String prepend(String agentArgument, Path agentJar, String existing) {
        if (existing == null || existing.isBlank()) {
            return agentArgument;
        }
        String jar = Pattern.quote("-javaagent:" + agentJar + "=");
        String rest = existing.replaceAll("\"" + jar + "[^\"]*\"|" + jar + "\\S*", "").trim().replaceAll("\\s{2,}", " ");
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
