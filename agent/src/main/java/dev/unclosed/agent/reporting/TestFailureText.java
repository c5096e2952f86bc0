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

    /**
     * @param frames    the leaked object's own stack, or null when stacks are off (the finding's is used then)
     * @param testClass the test's class: the frames below its last one are the test framework's, left out
     */
    static String of(Leak finding, List<Frame> frames, String testClass) {
        StringBuilder text = new StringBuilder(256);
        text.append(finding.type()).append(" opened at ").append(finding.location())
                .append(" was collected without close()");
        if (!finding.owns().isEmpty()) {
            text.append(", holding ").append(String.join(", ", finding.owns()));
        }
        List<Frame> shown = frames != null ? frames : finding.stack();
        int end = Math.min(shown.size(), FRAMES);
        for (int i = shown.size() - 1; i >= 0 && testClass != null; i--) {
            String c = shown.get(i).className();
            if (c.equals(testClass) || c.startsWith(testClass + "$")) {
                end = i + 1; // down to the test method, however deep: those are the user's frames
                break;
            }
        }
        for (int i = 0; i < end; i++) {
            text.append("\n\tat ").append(shown.get(i));
        }
        if (shown.size() > end) {
            text.append("\n\t... ").append(shown.size() - end).append(" more");
        }
        return text.toString();
    }
}
