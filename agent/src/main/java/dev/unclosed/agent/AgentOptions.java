package dev.unclosed.agent;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The agent's options, from {@code -javaagent:unclosed-agent.jar=key=value,key=value} and from system properties
 * {@code unclosed.KEY} (which win, so a build tool can adjust one option without rewriting the agent argument).
 * Anything unknown or malformed is rejected with a message naming it: a leak checker that silently runs with
 * other options than the user wrote is worse than none.
 */
public final class AgentOptions {

    /** Every option, in the order the docs and error messages list them. */
    public enum Key {
        REPORT("report", "unclosed-report.json", "where the JSON report is written; {pid} expands to the process id"),
        STACK_DEPTH("stackDepth", "32", "stack frames kept per leak, 0..1024; 0 turns stacks and sites off"),
        STACKS("stacks", "site", "site: one stack per allocation site, captured once (frames beyond the site are the first"
                + " caller's); object: each object's own stack, captured when it is created (about 1-2 µs each)"),
        INCLUDE("include", "", "report only leaks whose type or site class matches one of these patterns (':'-separated, '*' wildcard)"),
        EXCLUDE("exclude", "", "never report leaks whose type or site class matches one of these patterns"),
        FINAL_SWEEP("finalSweep", "2000", "milliseconds spent at exit collecting garbage to find the last leaks; 0 turns it off"),
        QUIET("quiet", "false", "no summary on stderr at exit"),
        STRICT("strict", "false", "report every unclosed closeable, even those that hold no operating-system resource"),
        RESOURCES("resources", "", "your own classes that hold native resources (':'-separated patterns)"),
        APPLICATION("application", "", "your application's classes, for one packaged in jars (':'-separated patterns):"
                + " a leak's site is the first frame in them (or in classes from directories), not in a library"),
        SAMPLE("sample", "1", "track one in N resource instances, for code paths too hot to track in full"),
        MAX_TRACKED("maxTracked", "auto", "open objects tracked at most; beyond, new ones are only counted (summary.untracked)."
                + " auto: one per KB of maximum heap, from 10,000 to 1,000,000"),
        DEBUG("debug", "false", "print the agent's own errors (classes it could not instrument) to stderr as they happen"),
        FLUSH_INTERVAL("flushInterval", "0", "while the program runs, rewrite the report every DURATION (30s, 5m; units ms, s,"
                + " m, h), so that a JVM that is killed leaves its last complete report; 0: only at exit"),
        CACHE("cache", "auto", "where what the agent learns of class files (headers, closeables as instrumented) is kept"
                + " between runs, so that the next JVM need not read or instrument them again: a directory;"
                + " auto: $XDG_CACHE_HOME/unclosed, else ~/.cache/unclosed; off: nothing kept");

        private final String name;
        private final String defaultValue;
        private final String description;

        Key(String name, String defaultValue, String description) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        public String optionName() {
            return name;
        }

        public String defaultValue() {
            return defaultValue;
        }

        public String description() {
            return description;
        }

        static Key named(String name) {
            for (Key key : values()) {
                if (key.name.equals(name)) {
                    return key;
                }
            }
            return null;
        }
    }

    public static final String SYSTEM_PROPERTY_PREFIX = "unclosed.";
    /** The JUnit module's settings, not the agent's: a test JVM may well be given both. */
    public static final String JUNIT_PROPERTY_PREFIX = "unclosed.junit.";

    private final Map<Key, String> values;
    private final String report;
    private final int stackDepth;
    private final boolean stackPerSite;
    private final ClassPatterns include;
    private final ClassPatterns exclude;
    private final long finalSweepMillis;
    private final boolean quiet;
    private final boolean strict;
    private final List<Pattern> resources;
    private final List<Pattern> application;
    private final int sample;
    private final boolean debug;
    private final long flushIntervalMillis;
    private final int maxTracked;
    private final File cacheDirectory;

    private AgentOptions(Map<Key, String> values) {
        // Built by parse for this object alone and never handed out: no unmodifiable view, whose entry set (three
        // JDK classes not in the JVM's archive) would load while the exit report is written.
        this.values = values;
        this.report = nonEmpty(Key.REPORT, get(Key.REPORT));
        this.stackDepth = integer(Key.STACK_DEPTH, 0, 1024);
        this.stackPerSite = oneOf(Key.STACKS, "site", "object").equals("site");
        this.include = new ClassPatterns(Key.INCLUDE.name, get(Key.INCLUDE));
        this.exclude = new ClassPatterns(Key.EXCLUDE.name, get(Key.EXCLUDE));
        this.finalSweepMillis = integer(Key.FINAL_SWEEP, 0, 600_000);
        this.quiet = bool(Key.QUIET);
        this.strict = bool(Key.STRICT);
        this.resources = patterns(get(Key.RESOURCES));
        this.application = patterns(get(Key.APPLICATION));
        this.sample = integer(Key.SAMPLE, 1, 1_000_000);
        this.debug = bool(Key.DEBUG);
        this.flushIntervalMillis = duration(Key.FLUSH_INTERVAL);
        this.cacheDirectory = cacheDirectory(nonEmpty(Key.CACHE, get(Key.CACHE)));
        this.maxTracked = get(Key.MAX_TRACKED).equals("auto") ? autoMaxTracked(Runtime.getRuntime().maxMemory())
                : integer(Key.MAX_TRACKED, 1, Integer.MAX_VALUE);
    }

    /**
     * One tracked object per KB of heap: a record with its share of the live set and stack costs about 100-150 bytes,
     * so the agent keeps to some 10-15% of the heap however many objects the application keeps open.
     */
    static int autoMaxTracked(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(1_000_000, maxHeapBytes / 1024));
    }

    /** The defaults, as if the agent were attached without arguments. */
    public static AgentOptions defaults() {
        return parse(null, new Properties());
    }

    /**
     * Parses the agent argument, then applies {@code unclosed.*} system properties.
     *
     * @throws IllegalArgumentException naming the bad key or value and listing the valid options
     */
    public static AgentOptions parse(String agentArgument, Properties systemProperties) {
        Map<Key, String> values = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            values.put(key, key.defaultValue);
        }
        if (agentArgument != null && !agentArgument.isBlank()) {
            for (String entry : splitEntries(agentArgument)) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                String name = (eq < 0 ? entry : entry.substring(0, eq)).trim();
                Key key = Key.named(name);
                if (key == null) {
                    throw new IllegalArgumentException("unknown option '" + name + "' in the agent's argument" + didYouMean(name)
                            + "; " + validOptions());
                }
                if (eq < 0 && key != Key.QUIET && key != Key.STRICT && key != Key.DEBUG) {
                    throw new IllegalArgumentException("option '" + name + "' needs a value (" + name + "=...); " + validOptions());
                }
                values.put(key, eq < 0 ? "true" : entry.substring(eq + 1).trim());
            }
        }
        for (String property : systemProperties.stringPropertyNames()) {
            if (!property.startsWith(SYSTEM_PROPERTY_PREFIX) || property.startsWith(JUNIT_PROPERTY_PREFIX)) {
                continue;
            }
            String name = property.substring(SYSTEM_PROPERTY_PREFIX.length());
            Key key = Key.named(name);
            if (key == null) {
                throw new IllegalArgumentException("unknown option in system property -D" + property + didYouMean(name)
                        + "; " + validOptions());
            }
            values.put(key, systemProperties.getProperty(property).trim());
        }
        return new AgentOptions(values);
    }

    /** Renders the options back to the text after {@code -javaagent:unclosed-agent.jar=}, defaults left out. */
    public String toAgentArgument() {
        return values.entrySet().stream()
                .filter(e -> !e.getValue().equals(e.getKey().defaultValue))
                .map(e -> e.getKey().name + "=" + escape(e.getValue()))
                .collect(Collectors.joining(","));
    }

    /**
     * Splits the agent argument at commas. A value that must contain a comma writes it as {@code \,}; a backslash
     * before a comma, before another backslash or at the end of a value is written doubled. Any other backslash
     * (as in a Windows path) stays as it is.
     */
    static List<String> splitEntries(String argument) {
        List<String> entries = new ArrayList<>();
        StringBuilder entry = new StringBuilder();
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            char next = i + 1 < argument.length() ? argument.charAt(i + 1) : 0;
            if (c == '\\' && (next == ',' || next == '\\')) {
                entry.append(next);
                i++;
            } else if (c == ',') {
                entries.add(entry.toString());
                entry.setLength(0);
            } else {
                entry.append(c);
            }
        }
        entries.add(entry.toString());
        return entries;
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
            if (c == ',') {
                escaped.append("\\,");
            } else if (c == '\\' && (next == ',' || next == '\\' || i + 1 == value.length())) {
                escaped.append("\\\\");
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Every option with its effective value, for the report's {@code options} field. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<Key, String> value : values.entrySet()) {
            map.put(value.getKey().name, value.getValue()); // no lambda: this runs at exit (see ExitReport)
        }
        return map;
    }

    public String report() {
        return report;
    }

    /** The report path with {@code {pid}} replaced by this process's id. */
    public String reportPath(long pid) {
        return report.replace("{pid}", Long.toString(pid));
    }

    public int stackDepth() {
        return stackDepth;
    }

    /** Whether the objects of one allocation site share one stack ({@code stacks=site}), rather than keep their own. */
    public boolean stackPerSite() {
        return stackPerSite;
    }

    public long finalSweepMillis() {
        return finalSweepMillis;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean strict() {
        return strict;
    }

    public boolean debug() {
        return debug;
    }

    /** How often the report is rewritten while the program runs; 0 for never. */
    public long flushIntervalMillis() {
        return flushIntervalMillis;
    }

    public int sample() {
        return sample;
    }

    public int maxTracked() {
        return maxTracked;
    }

    /** Where class headers are kept between runs; null: not kept ({@code cache=off}, or no home directory). */
    public File cacheDirectory() {
        return cacheDirectory;
    }

    private static File cacheDirectory(String value) {
        if (value.equals("off")) {
            return null;
        }
        if (!value.equals("auto")) {
            return new File(value);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && new File(xdg).isAbsolute()) {
            return new File(xdg, "unclosed");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : new File(new File(home, ".cache"), "unclosed");
    }

    /** Whether a leak of {@code type} allocated in {@code siteClass} (may be null) passes include and exclude. */
    public boolean reports(String type, String siteClass) {
        // Both names are tried (no short cut), so that each pattern is known to have matched, for unmatchedPatterns().
        boolean excluded = exclude.matches(type) | exclude.matches(siteClass);
        if (excluded) {
            return false;
        }
        return include.isEmpty() || include.matches(type) | include.matches(siteClass);
    }

    /** Warnings for the {@code include} and {@code exclude} patterns that matched no leak's type or site class. */
    public List<String> unmatchedPatterns() {
        List<String> warnings = new ArrayList<>(include.warnings());
        warnings.addAll(exclude.warnings());
        return warnings;
    }

    /** Whether the user declared {@code className} a holder of native resources. */
    public boolean declaresResource(String className) {
        return matchesAny(resources, className);
    }

    /** Whether the user named {@code className} part of the application ({@code application=}), whatever its jar. */
    public boolean namesApplicationClass(String className) {
        return matchesAny(application, className);
    }

    /** Whether the {@code application} option names any class. */
    public boolean namesApplicationClasses() {
        return !application.isEmpty();
    }

    private String get(Key key) {
        return values.get(key);
    }

    private static String didYouMean(String name) {
        List<String> names = new ArrayList<>();
        for (Key key : Key.values()) {
            names.add(key.name);
        }
        String nearest = dev.unclosed.report.NearestName.of(name, names);
        return nearest == null ? "" : " (did you mean " + nearest + "?)";
    }

    private static String validOptions() {
        return "valid options: " + Arrays.stream(Key.values()).map(Key::optionName).collect(Collectors.joining(", "))
                + " (see docs/options.md)";
    }

    private static String nonEmpty(Key key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("option '" + key.name + "' must not be empty; " + validOptions());
        }
        return value;
    }

    private int integer(Key key, int min, int max) {
        String value = get(key);
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("option '" + key.name + "' is " + value + ", expected a whole number from "
                        + min + " to " + max + "; " + validOptions());
            }
            return (int) parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + key.name + "' is '" + value + "', expected a whole number from "
                    + min + " to " + max + "; " + validOptions());
        }
    }

    private String oneOf(Key key, String... allowed) {
        String value = get(key);
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("option '" + key.name + "' is '" + value + "', expected one of "
                + String.join(", ", allowed) + "; " + validOptions());
    }

    private static final long MIN_FLUSH_MILLIS = 10;
    private static final long MAX_FLUSH_MILLIS = 24L * 60 * 60 * 1000;

    /** {@code 0}, or a whole number and a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    private long duration(Key key) {
        String value = get(key);
        if (value.equals("0")) {
            return 0;
        }
        String problem = "option '" + key.name + "' is '" + value + "', expected 0 or a duration from 10ms to 24h such as"
                + " 30s or 5m (units ms, s, m, h); " + validOptions();
        int digits = 0;
        while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 12) {
            throw new IllegalArgumentException(problem);
        }
        long amount = Long.parseLong(value.substring(0, digits));
        long millis = switch (value.substring(digits)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> throw new IllegalArgumentException(problem);
        };
        if (millis < MIN_FLUSH_MILLIS || millis > MAX_FLUSH_MILLIS) {
            throw new IllegalArgumentException(problem);
        }
        return millis;
    }

    private boolean bool(Key key) {
        String value = get(key);
        if (value.equalsIgnoreCase("true") || value.isEmpty()) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("option '" + key.name + "' is '" + value + "', expected true or false; " + validOptions());
    }

    /** {@code com.acme.*:java.io.FileInputStream}: '*' matches any run of characters, '?' one. */
    static List<Pattern> patterns(String spec) {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : spec.split(":")) {
            String trimmed = glob.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            StringBuilder regex = new StringBuilder();
            for (char c : trimmed.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            patterns.add(Pattern.compile(regex.toString()));
        }
        return List.copyOf(patterns);
    }

    private static boolean matchesAny(List<Pattern> patterns, String name) {
        if (name == null) {
            return false;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
