package dev.unclosed.agent;

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

    public static boolean contains(String className) {
        for (String prefix : PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
