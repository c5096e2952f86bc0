package dev.unclosed.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges reports, typically one per forked test JVM, into one report of the same format.
 *
 * <p>Findings with the same {@code id} are one leak seen in several JVMs: their counts are added, their paths
 * merged (equal stacks counted together, the merged stack the first complete one), their tests merged
 * (the same test counted together), and the finding whose
 * {@code firstSeen} is earliest supplies the thread. Summaries are summed, except {@code sampleRate}, which is the largest of the inputs so a
 * merged report never claims more precision than its coarsest input. {@code startedAt} is the earliest,
 * {@code finishedAt} the latest; {@code tool}, {@code jvm} and {@code options} are the first input's.
 * Findings keep the order in which their ids first appear in the inputs.
 */
public final class ReportMerge {

    private ReportMerge() {
    }

    public static LeakReport merge(List<LeakReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        LeakReport first = reports.get(0);
        Map<String, Leak> byId = new LinkedHashMap<>();
        long tracked = 0;
        long closed = 0;
        long leaked = 0;
        long openAtExit = 0;
        long agentErrors = 0;
        long untracked = 0;
        Map<String, LeakReport.AgentErrorKind> errorKinds = new LinkedHashMap<>();
        int sampleRate = 1;
        String startedAt = first.startedAt();
        String finishedAt = first.finishedAt();
        for (LeakReport report : reports) {
            for (Leak leak : report.leaks()) {
                byId.merge(leak.id(), leak, ReportMerge::combine);
            }
            LeakReport.Summary s = report.summary();
            tracked += s.tracked();
            closed += s.closed();
            leaked += s.leaked();
            openAtExit += s.openAtExit();
            agentErrors += s.agentErrors();
            untracked += s.untracked();
            for (LeakReport.AgentErrorKind kind : s.agentErrorKinds()) {
                // Counts added; the first message seen of each kind is kept.
                errorKinds.merge(kind.kind(), kind, (a, b) -> new LeakReport.AgentErrorKind(a.kind(), a.count() + b.count(),
                        a.firstMessage()));
            }
            sampleRate = Math.max(sampleRate, s.sampleRate());
            startedAt = earlier(startedAt, report.startedAt()) ? startedAt : report.startedAt();
            finishedAt = earlier(report.finishedAt(), finishedAt) ? finishedAt : report.finishedAt();
        }
        return new LeakReport(LeakReport.SCHEMA_VERSION, first.tool(), first.jvm(), startedAt, finishedAt,
                first.options(), new LeakReport.Summary(tracked, closed, leaked, openAtExit, agentErrors, sampleRate, untracked,
                        new ArrayList<>(errorKinds.values())),
                new ArrayList<>(byId.values()));
    }

    /**
     * One finding from two sightings of the same id: counts added, paths merged (equal stacks counted together),
     * details of the earlier first instance.
     */
    static Leak combine(Leak a, Leak b) {
        Leak earlier = earlier(b.firstSeen(), a.firstSeen()) ? b : a;
        Leak merged = earlier.withCount(a.count() + b.count());
        if (!a.tests().isEmpty() || !b.tests().isEmpty()) {
            merged = merged.withTests(combineTests(earlier, earlier == a ? b : a));
        }
        if (a.paths().isEmpty() && b.paths().isEmpty()) {
            return merged;
        }
        Map<List<Object>, LeakPath> paths = new LinkedHashMap<>();
        for (Leak leak : List.of(earlier, earlier == a ? b : a)) {
            for (LeakPath path : leak.paths()) {
                paths.merge(List.of(path.complete(), path.stack()), path, (x, y) -> x.withCount(x.count() + y.count()));
            }
        }
        List<LeakPath> sorted = new ArrayList<>(paths.values());
        sorted.sort(LeakPaths.MOST_OBJECTS_FIRST);
        return merged.withPaths(sorted);
    }

    /** The tests of both, the same test (by id) counted together. */
    private static List<LeakTest> combineTests(Leak first, Leak second) {
        Map<String, LeakTest> tests = new LinkedHashMap<>();
        for (Leak leak : List.of(first, second)) {
            for (LeakTest test : leak.tests()) {
                tests.merge(test.id(), test, (x, y) -> x.withCount(x.count() + y.count()));
            }
        }
        List<LeakTest> sorted = new ArrayList<>(tests.values());
        sorted.sort(LeakTest.MOST_OBJECTS_FIRST);
        return sorted;
    }

    /** Orders ISO-8601 timestamps, with or without offset; nulls and unparsable text sort last, text-wise. */
    static final Comparator<String> TIMESTAMP_ORDER = Comparator.nullsLast(
            Comparator.comparing(ReportMerge::instantOrNull, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(Comparator.naturalOrder()));

    /** True when {@code a} is strictly earlier than {@code b}; ties keep the first operand's side stable. */
    static boolean earlier(String a, String b) {
        return TIMESTAMP_ORDER.compare(a, b) < 0;
    }

    private static Instant instantOrNull(String timestamp) {
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(timestamp).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
