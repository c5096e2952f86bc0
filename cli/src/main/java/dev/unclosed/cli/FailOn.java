package dev.unclosed.cli;

import dev.unclosed.report.Leak;

import java.util.Locale;

/** Which kinds of finding fail the check ({@code --fail-on}). */
enum FailOn {
    /** Collected without close(): a real leak whatever the shutdown path. The default. */
    GC,
    /** Still open at JVM exit: often a cache or a pool that is legitimately closed by exit; opt in. */
    EXIT,
    /**
     * Both. Not {@code open}: objects open when a report was written while the program ran may yet be closed, so
     * no option fails on them; the exit report judges them.
     */
    ANY;

    static FailOn parse(String value) throws UsageException {
        for (FailOn f : values()) {
            if (f.name().equalsIgnoreCase(value)) {
                return f;
            }
        }
        throw new UsageException("check: option --fail-on expects gc, exit or any, not '" + value + "'");
    }

    boolean covers(Leak leak) {
        return switch (this) {
            case GC -> Leak.KIND_GC.equals(leak.kind());
            case EXIT -> Leak.KIND_EXIT.equals(leak.kind());
            case ANY -> Leak.KIND_GC.equals(leak.kind()) || Leak.KIND_EXIT.equals(leak.kind());
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
