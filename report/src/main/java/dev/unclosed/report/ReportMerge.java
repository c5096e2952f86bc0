package dev.unclosed.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
        Merger merger = new Merger();
        for (LeakReport report : reports) {
            merger.add(report);
        }
        return merger.result();
    }

    /**
     * Merges reports one at a time, so that a run of thousands of forks is never held in memory whole: only the
     * findings merged so far, their frames and stacks shared between reports (equal frames and stacks are kept
     * once). A finding's tests and paths are gathered by key and sorted once at the end, not at every report:
     * sorting the growing lists again for each of 2,000 reports made merging quadratic.
     */
    public static final class Merger {
        private final Map<String, Finding> byId = new LinkedHashMap<>();
        private final Map<Frame, Frame> frames = new HashMap<>();
        private final Map<List<Frame>, List<Frame>> stacks = new HashMap<>();
        private LeakReport first;
        private long tracked;
        private long closed;
        private long leaked;
        private long openAtExit;
        private long agentErrors;
        private long untracked;
        private final Map<String, LeakReport.AgentErrorKind> errorKinds = new LinkedHashMap<>();
        private int sampleRate = 1;
        private String startedAt;
        private String finishedAt;

        public void add(LeakReport report) {
            if (first == null) {
                first = report;
                startedAt = report.startedAt();
                finishedAt = report.finishedAt();
            }
            for (Leak leak : report.leaks()) {
                Leak shared = shareFrames(leak);
                Finding finding = byId.get(leak.id());
                if (finding == null) {
                    byId.put(leak.id(), new Finding(shared));
                } else {
                    finding.add(shared);
                }
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

        public LeakReport result() {
            if (first == null) {
                throw new IllegalArgumentException("nothing to merge");
            }
            List<Leak> leaks = new ArrayList<>(byId.size());
            for (Finding finding : byId.values()) {
                leaks.add(finding.result());
            }
            return new LeakReport(LeakReport.SCHEMA_VERSION, first.tool(), first.jvm(), startedAt, finishedAt,
                    first.options(), new LeakReport.Summary(tracked, closed, leaked, openAtExit, agentErrors, sampleRate,
                    untracked, new ArrayList<>(errorKinds.values())),
                    leaks);
        }

        private Leak shareFrames(Leak leak) {
            List<LeakPath> paths = new ArrayList<>(leak.paths().size());
            for (LeakPath path : leak.paths()) {
                paths.add(new LeakPath(path.count(), path.complete(), share(path.stack()), shareOwned(path.owned())));
            }
            return new Leak(leak.id(), leak.type(), leak.kind(), leak.count(), share(leak.site()), share(leak.stack()),
                    leak.owns(), leak.thread(), leak.firstSeen(), paths, shareOwned(leak.owned()), leak.tests(), leak.api());
        }

        private List<OwnedObject> shareOwned(List<OwnedObject> owned) {
            if (owned.isEmpty()) {
                return owned;
            }
            List<OwnedObject> shared = new ArrayList<>(owned.size());
            for (OwnedObject o : owned) {
                shared.add(new OwnedObject(o.type(), share(o.site()), share(o.stack())));
            }
            return shared;
        }

        private Frame share(Frame frame) {
            if (frame == null) {
                return null;
            }
            Frame known = frames.putIfAbsent(frame, frame);
            return known == null ? frame : known;
        }

        private List<Frame> share(List<Frame> stack) {
            if (stack.isEmpty()) {
                return stack;
            }
            List<Frame> known = stacks.get(stack);
            if (known == null) {
                List<Frame> shared = new ArrayList<>(stack.size());
                for (Frame frame : stack) {
                    shared.add(share(frame));
                }
                known = List.copyOf(shared);
                stacks.put(known, known);
            }
            return known;
        }
    }

    /** One finding's sightings so far: as {@link #combine} would fold them, its lists sorted once at the end. */
    private static final class Finding {
        private Leak earliest;
        /** The one sighting, while there is only one: returned as it is. */
        private boolean once = true;
        private long count;
        private final Map<List<Object>, LeakPath> paths = new LinkedHashMap<>();
        private final Map<String, LeakTest> tests = new LinkedHashMap<>();

        Finding(Leak leak) {
            earliest = leak;
            count = leak.count();
            gather(leak);
        }

        void add(Leak leak) {
            once = false;
            if (earlier(leak.firstSeen(), earliest.firstSeen())) {
                earliest = leak;
            }
            count += leak.count();
            gather(leak);
        }

        private void gather(Leak leak) {
            for (LeakPath path : leak.paths()) {
                paths.merge(List.of(path.complete(), path.stack()), path, (x, y) -> x.withCount(x.count() + y.count()));
            }
            for (LeakTest test : leak.tests()) {
                tests.merge(test.id(), test, (x, y) -> x.withCount(x.count() + y.count()));
            }
        }

        Leak result() {
            if (once) {
                return earliest;
            }
            Leak merged = earliest.withCount(count);
            if (!tests.isEmpty()) {
                List<LeakTest> sorted = new ArrayList<>(tests.values());
                sorted.sort(LeakTest.MOST_OBJECTS_FIRST);
                merged = merged.withTests(sorted);
            }
            if (!paths.isEmpty()) {
                List<LeakPath> sorted = new ArrayList<>(paths.values());
                sorted.sort(LeakPaths.MOST_OBJECTS_FIRST);
                merged = merged.withPaths(sorted);
            }
            return merged;
        }
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
