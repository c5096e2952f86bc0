package dev.unclosed.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
        /**
         * The shared stack of a stack instance met before: a reader that shares equal stacks itself hands the same
         * instance again and again, found here without hashing its frames. Bounded, its table below G1's humongous
         * size as {@link StringPool}'s; a miss only costs that hashing.
         */
        private final Map<List<Frame>, List<Frame>> byInstance = new IdentityHashMap<>();
        /** Timestamps parsed once: firstSeen of a finding met in every fork is compared at each fork. Bounded. */
        private final Map<String, Instant> instants = new HashMap<>();
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
                add(leak);
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
            startedAt = earlier(startedAt, instant(startedAt), report.startedAt(), instant(report.startedAt()))
                    ? startedAt : report.startedAt();
            finishedAt = earlier(report.finishedAt(), instant(report.finishedAt()), finishedAt, instant(finishedAt))
                    ? finishedAt : report.finishedAt();
        }

        private void add(Leak leak) {
            Leak shared = shareFrames(leak);
            Instant firstSeen = instant(shared.firstSeen());
            Finding finding = byId.get(leak.id());
            if (finding == null) {
                byId.put(leak.id(), new Finding(shared, firstSeen));
            } else {
                finding.add(shared, firstSeen);
            }
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

        /** The leak with its frames and stacks the shared ones; the leak itself when they are already. */
        private Leak shareFrames(Leak leak) {
            boolean same = true;
            List<LeakPath> paths = new ArrayList<>(leak.paths().size());
            for (LeakPath path : leak.paths()) {
                List<Frame> stack = share(path.stack());
                List<OwnedObject> owned = shareOwned(path.owned());
                if (stack == path.stack() && owned == path.owned()) {
                    paths.add(path);
                } else {
                    paths.add(new LeakPath(path.count(), path.complete(), stack, owned));
                    same = false;
                }
            }
            Frame site = share(leak.site());
            List<Frame> stack = share(leak.stack());
            List<OwnedObject> owned = shareOwned(leak.owned());
            if (same && site == leak.site() && stack == leak.stack() && owned == leak.owned()) {
                return leak;
            }
            return new Leak(leak.id(), leak.type(), leak.kind(), leak.count(), site, stack, leak.owns(), leak.thread(),
                    leak.firstSeen(), paths, owned, leak.tests(), leak.api());
        }

        /** The objects with their frames and stacks the shared ones; the same list when they are already. */
        private List<OwnedObject> shareOwned(List<OwnedObject> owned) {
            if (owned.isEmpty()) {
                return owned;
            }
            boolean same = true;
            List<OwnedObject> shared = new ArrayList<>(owned.size());
            for (OwnedObject o : owned) {
                Frame site = share(o.site());
                List<Frame> stack = share(o.stack());
                if (site == o.site() && stack == o.stack()) {
                    shared.add(o);
                } else {
                    shared.add(new OwnedObject(o.type(), site, stack));
                    same = false;
                }
            }
            return same ? owned : shared;
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
                return List.of(); // one instance: paths are told apart by the identity of their stacks
            }
            List<Frame> seen = byInstance.get(stack);
            if (seen != null) {
                return seen;
            }
            List<Frame> known = stacks.get(stack);
            if (known == null) {
                boolean same = true;
                List<Frame> shared = new ArrayList<>(stack.size());
                for (Frame frame : stack) {
                    Frame sharedFrame = share(frame);
                    shared.add(sharedFrame);
                    same &= sharedFrame == frame;
                }
                // The models' lists are unmodifiable copies already: one whose frames are all shared is kept as it is.
                known = same ? List.copyOf(stack) : List.copyOf(shared);
                stacks.put(known, known);
            }
            if (byInstance.size() >= 1 << 14) {
                byInstance.clear();
            }
            byInstance.put(stack, known);
            return known;
        }

        private Instant instant(String timestamp) {
            if (timestamp == null) {
                return null;
            }
            Instant parsed = instants.get(timestamp);
            if (parsed == null) {
                parsed = instantOrNull(timestamp);
                if (parsed != null) {
                    if (instants.size() >= 1 << 16) {
                        instants.clear();
                    }
                    instants.put(timestamp, parsed);
                }
            }
            return parsed;
        }
    }

    /**
     * A path's key within one finding: whether complete, and its stack, which the merger shares (an equal stack is
     * the same instance), so it is compared by identity rather than frame by frame.
     */
    private record PathKey(boolean complete, List<Frame> stack) {
        @Override
        public boolean equals(Object other) {
            return other instanceof PathKey key && key.complete == complete && key.stack == stack;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(stack) + (complete ? 1 : 0);
        }
    }

    /** The first of equal paths (or tests) and their count together. */
    private static final class Counted<T> {
        final T first;
        long count;

        Counted(T first, long count) {
            this.first = first;
            this.count = count;
        }
    }

    /** One finding's sightings so far: as {@link #combine} would fold them, its lists sorted once at the end. */
    private static final class Finding {
        private Leak earliest;
        private Instant earliestInstant;
        /** The one sighting, while there is only one: returned as it is. */
        private boolean once = true;
        private long count;
        // The first path (test) of each key and the count so far: counted in place, not copied at each sighting.
        // Made at the second sighting: a finding seen in one fork only needs neither.
        private Map<PathKey, Counted<LeakPath>> paths;
        private Map<String, Counted<LeakTest>> tests;

        Finding(Leak leak, Instant firstSeen) {
            earliest = leak;
            earliestInstant = firstSeen;
            count = leak.count();
        }

        void add(Leak leak, Instant firstSeen) {
            if (once) {
                paths = new LinkedHashMap<>();
                tests = new LinkedHashMap<>();
                gather(earliest); // still the first sighting
            }
            once = false;
            if (earlier(leak.firstSeen(), firstSeen, earliest.firstSeen(), earliestInstant)) {
                earliest = leak;
                earliestInstant = firstSeen;
            }
            count += leak.count();
            gather(leak);
        }

        private void gather(Leak leak) {
            for (LeakPath path : leak.paths()) {
                Counted<LeakPath> known = paths.get(new PathKey(path.complete(), path.stack()));
                if (known == null) {
                    paths.put(new PathKey(path.complete(), path.stack()), new Counted<>(path, path.count()));
                } else {
                    known.count += path.count();
                }
            }
            for (LeakTest test : leak.tests()) {
                Counted<LeakTest> known = tests.get(test.id());
                if (known == null) {
                    tests.put(test.id(), new Counted<>(test, test.count()));
                } else {
                    known.count += test.count();
                }
            }
        }

        Leak result() {
            if (once) {
                return earliest;
            }
            Leak merged = earliest.withCount(count);
            if (!tests.isEmpty()) {
                List<LeakTest> sorted = new ArrayList<>(tests.size());
                for (Counted<LeakTest> test : tests.values()) {
                    sorted.add(test.count == test.first.count() ? test.first : test.first.withCount(test.count));
                }
                sorted.sort(LeakTest.MOST_OBJECTS_FIRST);
                merged = merged.withTests(sorted);
            }
            if (!paths.isEmpty()) {
                List<LeakPath> sorted = new ArrayList<>(paths.size());
                for (Counted<LeakPath> path : paths.values()) {
                    sorted.add(path.count == path.first.count() ? path.first : path.first.withCount(path.count));
                }
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

    /** {@link #earlier(String, String)} of timestamps parsed already ({@link #instantOrNull}, null when unparsable). */
    static boolean earlier(String a, Instant parsedA, String b, Instant parsedB) {
        if (a == null || b == null) {
            return a != null && b == null;
        }
        if (parsedA != null && parsedB != null) {
            int byInstant = parsedA.compareTo(parsedB);
            if (byInstant != 0) {
                return byInstant < 0;
            }
        } else if (parsedA != null || parsedB != null) {
            return parsedA != null;
        }
        return a.compareTo(b) < 0;
    }

    static Instant instantOrNull(String timestamp) {
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
