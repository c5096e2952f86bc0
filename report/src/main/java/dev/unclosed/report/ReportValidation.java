package dev.unclosed.report;

import java.util.List;

/** What Jackson's binding does not check: values present but null, and values outside their range. */
final class ReportValidation {

    private ReportValidation() {
    }

    /** The first problem found, as a phrase naming where it is, or null when the report is sound. */
    static String problemIn(LeakReport report) {
        if (report.tool() == null) {
            return "$.tool is null";
        }
        if (report.jvm() == null) {
            return "$.jvm is null";
        }
        if (report.summary() == null) {
            return "$.summary is null";
        }
        List<Leak> leaks = report.leaks();
        for (int i = 0; i < leaks.size(); i++) {
            String where = "$.leaks[" + i + "]";
            Leak leak = leaks.get(i);
            if (leak == null) {
                return where + " is null";
            }
            if (leak.id() == null || leak.id().isBlank()) {
                return where + ".id is missing";
            }
            if (leak.type() == null || leak.type().isBlank()) {
                return where + ".type is missing";
            }
            // Another kind than gc and exit is a newer agent's: readers show it (report-format.md, compatibility).
            if (leak.kind() == null || leak.kind().isBlank()) {
                return where + ".kind is missing";
            }
            if (leak.count() < 1) {
                return where + ".count is " + leak.count() + ", expected at least 1";
            }
            for (int f = 0; f < leak.stack().size(); f++) {
                Frame frame = leak.stack().get(f);
                if (frame == null || frame.className() == null || frame.methodName() == null) {
                    return where + ".stack[" + f + "] lacks className or methodName";
                }
            }
            if (leak.site() != null && (leak.site().className() == null || leak.site().methodName() == null)) {
                return where + ".site lacks className or methodName";
            }
        }
        return null;
    }
}
