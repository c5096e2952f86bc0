package dev.unclosed.cli;

import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verdict on a merged report. A finding fails when its kind is covered by {@code --fail-on} and its id is
 * not in the baseline; the check fails when more findings fail than {@code --max} tolerates. Tolerated findings
 * stay visible everywhere (console, SARIF, JUnit), only the verdict lets them pass.
 */
final class LeakCheck {

    /** What the check made of one finding. */
    enum Status {
        FAIL("FAIL"),
        TOLERATED("max"),
        BASELINED("baseline"),
        NOT_CHECKED("info");

        final String label;

        Status(String label) {
            this.label = label;
        }
    }

    record Finding(Leak leak, Status status) {
    }

    /**
     * @param findings every finding of the merged report, with its status
     * @param fixed    baseline entries whose id no finding has any more
     * @param failing  how many findings would fail, tolerated or not
     */
    record Result(LeakReport report, Options options, List<Finding> findings, List<Baseline.Entry> fixed, int failing) {

        boolean failed() {
            return failing > options.max();
        }

        long count(Status status) {
            return findings.stream().filter(f -> f.status() == status).count();
        }
    }

    /** How the check was asked to judge. {@code baseline} is null when none was given. */
    record Options(FailOn failOn, int max, Baseline baseline) {
    }

    private LeakCheck() {
    }

    static Result evaluate(LeakReport report, Options options) {
        List<Leak> wouldFail = report.leaks().stream()
                .filter(options.failOn()::covers)
                .filter(leak -> options.baseline() == null || !options.baseline().contains(leak.id()))
                .toList();
        boolean tolerated = wouldFail.size() <= options.max();
        List<Finding> findings = new ArrayList<>();
        for (Leak leak : report.leaks()) {
            Status status;
            if (!options.failOn().covers(leak)) {
                status = Status.NOT_CHECKED;
            } else if (options.baseline() != null && options.baseline().contains(leak.id())) {
                status = Status.BASELINED;
            } else {
                status = tolerated ? Status.TOLERATED : Status.FAIL;
            }
            findings.add(new Finding(leak, status));
        }
        List<Baseline.Entry> fixed = List.of();
        if (options.baseline() != null) {
            Set<String> seen = report.leaks().stream().map(Leak::id).collect(Collectors.toSet());
            fixed = options.baseline().entries().stream().filter(e -> !seen.contains(e.id())).toList();
        }
        return new Result(report, options, findings, fixed, wouldFail.size());
    }
}
