package dev.unclosed.agent.reporting;

import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;

import java.util.List;

/** How a leak reads in the failure of the test that made it: type, site and the allocation stack. */
final class TestFailureText {

    /** Frames shown; the report has them all. */
    private static final int FRAMES = 15;

    private TestFailureText() {
    }

    /** @param frames the leaked object's own stack, or null when stacks are off (the finding's is used then) */
    static String of(Leak finding, List<Frame> frames) {
        StringBuilder text = new StringBuilder(256);
        text.append(finding.type()).append(" opened at ").append(finding.location())
                .append(" was collected without close()");
        if (!finding.owns().isEmpty()) {
            text.append(", holding ").append(String.join(", ", finding.owns()));
        }
        List<Frame> shown = frames != null ? frames : finding.stack();
        for (int i = 0; i < shown.size() && i < FRAMES; i++) {
            text.append("\n\tat ").append(shown.get(i));
        }
        if (shown.size() > FRAMES) {
            text.append("\n\t... ").append(shown.size() - FRAMES).append(" more");
        }
        return text.toString();
    }
}
