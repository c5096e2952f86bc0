package dev.unclosed.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of one class-name option ({@code include}, {@code exclude}), remembering which ever matched: a pattern
 * that matched no class in a whole run is most often a package written without its {@code .*} ({@code com.acme}
 * for {@code com.acme.*}), which would otherwise drop or keep every finding without a word.
 *
 * <p>Only the report-time filter reads these, once per new finding path, never the constructor or close path.
 */
final class ClassPatterns {

    private final String option;
    private final List<String> texts;
    private final List<Pattern> patterns;
    private final boolean[] matched;
    private volatile boolean used;

    ClassPatterns(String option, String spec) {
        this.option = option;
        this.texts = new ArrayList<>();
        for (String glob : spec.split(":")) {
            if (!glob.trim().isEmpty()) {
                texts.add(glob.trim());
            }
        }
        this.patterns = AgentOptions.patterns(spec);
        this.matched = new boolean[patterns.size()];
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether {@code name} (may be null) matches any pattern; every pattern is tried, so that each is known to match. */
    synchronized boolean matches(String name) {
        if (name == null || patterns.isEmpty()) {
            return false;
        }
        used = true;
        boolean any = false;
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(name).matches()) {
                matched[i] = true;
                any = true;
            }
        }
        return any;
    }

    /**
     * One warning line per pattern that matched no leaked type or site class, with how to write a package; none when
     * no leak was looked at, since then no pattern could have matched.
     */
    synchronized List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (!used) {
            return warnings;
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (!matched[i]) {
                String text = texts.get(i);
                String hint = text.contains("*") ? "" : "; a package and its subpackages are written " + text + ".*";
                warnings.add("unclosed: " + option + " pattern '" + text + "' matched no leaked type or site class" + hint);
            }
        }
        return warnings;
    }
}
