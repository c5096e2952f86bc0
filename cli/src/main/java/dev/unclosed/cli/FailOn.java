package dev.unclosed.cli;

import dev.unclosed.report.Leak;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which kinds of finding fail the check ({@code --fail-on}): {@code gc} (the default), {@code exit}, {@code any}
 * (both), or kinds named one by one, comma-separated. A kind this version does not know (a newer agent's) is shown
 * and fails only when named: a reader cannot judge what it does not know, and must not reject a newer report.
 */
record FailOn(Set<String> kinds, String text) {

    /** Collected without close(): a real leak whatever the shutdown path. An exit finding is often a pool, closed by exit. */
    static final FailOn GC = new FailOn(Set.of(Leak.KIND_GC), "gc");

    static FailOn parse(String value) throws UsageException {
        Set<String> kinds = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String kind = part.trim().toLowerCase(Locale.ROOT);
            if (kind.equals("any")) {
                kinds.add(Leak.KIND_GC);
                kinds.add(Leak.KIND_EXIT);
            } else if (kind.matches("[a-z][a-z0-9-]*")) {
                kinds.add(kind);
            } else {
                throw new UsageException("check: option --fail-on expects gc, exit, any or kinds separated by commas, not '"
                        + value + "'");
            }
        }
        return new FailOn(Set.copyOf(kinds), value.trim().toLowerCase(Locale.ROOT));
    }

    boolean covers(Leak leak) {
        return kinds.contains(leak.kind());
    }

    @Override
    public String toString() {
        return text;
    }
}
