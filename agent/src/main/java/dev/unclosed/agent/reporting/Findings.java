package dev.unclosed.agent.reporting;

import dev.unclosed.agent.AgentOptions;
import dev.unclosed.agent.tracking.LeakListener;
import dev.unclosed.agent.tracking.ResourceRules;
import dev.unclosed.agent.tracking.TestIdentity;
import dev.unclosed.agent.tracking.TrackedResource;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakPath;
import dev.unclosed.report.LeakPaths;
import dev.unclosed.report.LeakTest;
import dev.unclosed.report.OwnedObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns each leak into a finding, grouped by id (type, kind and allocation site), counting instances. This is where
 * stacks are decoded and where the report-time rules apply: include/exclude, and the resources the JDK or a static
 * initializer hold for the JVM's lifetime by design. Called under the tracker's judgment lock.
 */
public final class Findings implements LeakListener {

    private final AgentOptions options;
    private final Function<String, ClassLoader> loaders;
    /** Whether a class, by name, is a library's: a site is the application's frame, not the library's. */
    private final Predicate<String> libraryClasses;
    /** Made at the first finding (under this object's lock), not at premain, which a JVM without leaks need not pay for. */
    private Fingerprints fingerprints;
    private final Map<String, Finding> byId = new LinkedHashMap<>();
    private long reportedGc;
    private long reportedExit;
    /** Told of each leak counted, while a flight recording is on (see views.FlightRecorderEvents); else null. */
    private volatile LeakEvents events;

    /** What hears of each leak as it is counted, in a form that needs no decoding of its own. */
    public interface LeakEvents {
        /**
         * @param finding its finding as first seen; {@code count} of its instances so far
         * @param stack   this leak's own decoded stack (its path), or the finding's
         * @param thread  the thread that allocated it
         */
        void leaked(Leak finding, List<Frame> stack, long count, String thread);
    }

    /** Leaks from now on are also told to {@code events}; null stops that. */
    public void tellEvents(LeakEvents events) {
        this.events = events;
    }

    private static final class Finding {
        final Leak first;
        long count;
        /** Its distinct decoded stacks, each with how many leaks came that way. */
        final List<PathCount> paths = new ArrayList<>(1);
        /** The tests its leaks were made in, with how many each; null until one was. */
        Map<TestIdentity, long[]> tests;

        void countTest(TestIdentity test) {
            if (tests == null) {
                tests = new LinkedHashMap<>();
            }
            long[] count = tests.get(test);
            if (count == null) {
                tests.put(test, new long[] {1});
            } else {
                count[0]++;
            }
        }

        Finding(Leak first) {
            this.first = first;
        }

        PathCount path(List<Frame> frames, boolean complete) {
            for (PathCount p : paths) {
                if (p.complete == complete && p.frames.equals(frames)) {
                    return p;
                }
            }
            PathCount p = new PathCount(frames, complete);
            paths.add(p);
            return p;
        }
    }

    private static final class PathCount {
        final List<Frame> frames;
        final boolean complete;
        long count;
        /** What the first leak that came this way held; set when the path is first seen. */
        List<OwnedObject> owned;

        PathCount(List<Frame> frames, boolean complete) {
            this.frames = frames;
            this.complete = complete;
        }
    }

    public Findings(AgentOptions options, Function<String, ClassLoader> loaders, Predicate<String> libraryClasses) {
        this.options = options;
        this.loaders = loaders;
        this.libraryClasses = libraryClasses;
    }

    /**
     * What decides a finding and its path: the raw stack (compared by identity), whether it was the site's shared
     * one, the type and the kind.
     */
    private record Path(Throwable stack, boolean shared, Class<?> type, String kind) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Path p && p.stack == stack && p.shared == shared && p.type == type && p.kind.equals(kind);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(stack) * 31 + System.identityHashCode(type) * 7 + kind.hashCode() + (shared ? 1 : 0);
        }
    }

    /** The finding's path of each raw path seen, or {@link #SUPPRESSED}: stacks are decoded once per path, not per leak. */
    private final Map<Path, Counted> byPath = new HashMap<>();
    /** The path of the last leak and what it counts into. */
    private Path last = new Path(null, false, null, "");
    private Counted lastCounted;
    private static final Counted SUPPRESSED = new Counted(null, null);

    private record Counted(Finding finding, PathCount path) {
    }

    @Override
    public synchronized void leaked(TrackedResource root, String kind, List<TrackedResource> owned) {
        Counted counted;
        if (root.allocation() == last.stack() && root.sharedStack() == last.shared() && root.type() == last.type()
                && kind.equals(last.kind())) {
            counted = lastCounted; // a run of leaks from one path, the usual case: no look-up, no allocation
        } else {
            Path path = new Path(root.allocation(), root.sharedStack(), root.type(), kind);
            counted = byPath.get(path);
            if (counted == null) {
                counted = countedFor(root, kind, owned);
                byPath.put(path, counted);
            }
            last = path;
            lastCounted = counted;
        }
        if (counted == SUPPRESSED) {
            return;
        }
        counted.finding().count++;
        if (counted.path() != null) {
            counted.path().count++;
        }
        TestIdentity test = testOf(root, owned);
        if (test != null) {
            counted.finding().countTest(test);
            if (Leak.KIND_GC.equals(kind)) {
                test.leaked(TestFailureText.of(counted.finding().first, counted.path() == null ? null : counted.path().frames,
                        test.className()));
            }
        }
        if (Leak.KIND_GC.equals(kind)) {
            reportedGc++;
        } else {
            reportedExit++;
        }
        LeakEvents to = events;
        if (to != null) {
            to.leaked(counted.finding().first, counted.path() == null ? counted.finding().first.stack() : counted.path().frames,
                    counted.finding().count, root.thread());
        }
    }

    /**
     * The test the leaked object was made in; if it was made outside any (a library's pooled thread wrapping what a
     * test opened), the test of the innermost thing it held that was.
     */
    private static TestIdentity testOf(TrackedResource root, List<TrackedResource> owned) {
        if (root.test() != null) {
            return root.test();
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i).test() != null) {
                return owned.get(i).test();
            }
        }
        return null;
    }

    private Counted countedFor(TrackedResource root, String kind, List<TrackedResource> owned) {
        String type = root.type().getName();
        if (!options.strict() && ResourceRules.isHeldByJdk(root.type())) {
            return SUPPRESSED;
        }
        if (fingerprints == null) {
            fingerprints = new Fingerprints(loaders);
        }
        Frame site = null;
        List<Frame> stack = List.of();
        boolean complete = true;
        if (root.allocation() != null) {
            AllocationStack decoded = AllocationStack.decode(root.allocation(), root.type(), options.stackDepth(),
                    root.sharedStack(), libraryClasses);
            if (!options.strict() && (decoded.heldByJdk() || (decoded.staticInitializer() && !Leak.KIND_GC.equals(kind)))) {
                return SUPPRESSED;
            }
            site = ownConstructorAtSuperCall(decoded.site(), root.type());
            stack = ownConstructorsAtSuperCall(decoded.frames(), root.type());
            complete = decoded.complete();
        }
        if (!options.reports(type, site == null ? null : site.className())) {
            return SUPPRESSED;
        }
        String id = fingerprints.idOf(type, kind, site);
        Finding finding = byId.get(id);
        List<OwnedObject> ownedObjects = null; // decoded once, for whichever of the finding and its path is new
        if (finding == null) {
            List<String> owns = new ArrayList<>(owned.size());
            for (TrackedResource r : owned) {
                owns.add(r.type().getName());
            }
            ownedObjects = ownedObjects(owned, site);
            finding = new Finding(new Leak(id, type, kind, 1, site, stack, owns, root.thread(),
                    Timestamps.iso(Instant.ofEpochMilli(root.createdAtMillis())), List.of(), ownedObjects)
                    .withApi(PublicApi.of(root.type(), stack, site)));
            byId.put(id, finding);
        }
        if (root.allocation() == null) {
            return new Counted(finding, null);
        }
        PathCount path = finding.path(stack, complete);
        if (path.owned == null) {
            path.owned = ownedObjects != null ? ownedObjects : ownedObjects(owned, site);
        }
        return new Counted(finding, path);
    }

    /**
     * What the leaked object held, each with its own site, and its own stack where that site is not the finding's:
     * a channel a test opened and a library wrapped is reported as the wrapper, and this keeps the test's line.
     */
    private List<OwnedObject> ownedObjects(List<TrackedResource> owned, Frame rootSite) {
        List<OwnedObject> result = new ArrayList<>(owned.size());
        for (TrackedResource r : owned) {
            Frame site = null;
            List<Frame> stack = List.of();
            if (r.allocation() != null) {
                AllocationStack decoded = AllocationStack.decode(r.allocation(), r.type(), options.stackDepth(),
                        r.sharedStack(), libraryClasses);
                site = ownConstructorAtSuperCall(decoded.site(), r.type());
                if (site != null && !site.equals(rootSite)) {
                    stack = ownConstructorsAtSuperCall(decoded.frames(), r.type());
                }
            }
            result.add(new OwnedObject(r.type().getName(), site, stack));
        }
        return result;
    }

    /**
     * The agent sees an object constructed when its constructor returns, so the frames of the object's own
     * constructors point at their closing braces; each is shown at its super(...) or this(...) call instead, the line
     * that made the object (a user class extending RandomAccessFile).
     */
    private List<Frame> ownConstructorsAtSuperCall(List<Frame> frames, Class<?> type) {
        List<Frame> result = null;
        for (int i = 0; i < frames.size(); i++) {
            Frame fixed = ownConstructorAtSuperCall(frames.get(i), type);
            if (fixed != frames.get(i)) {
                if (result == null) {
                    result = new ArrayList<>(frames);
                }
                result.set(i, fixed);
            }
        }
        return result == null ? frames : result;
    }

    private Frame ownConstructorAtSuperCall(Frame frame, Class<?> type) {
        if (frame == null || !"<init>".equals(frame.methodName())) {
            return frame;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(frame.className())) {
                return c.getClassLoader() == null ? frame : fingerprints.atSuperCall(frame); // the JDK's: as they are
            }
        }
        return frame;
    }

    /** Empty findings with the same options, for the objects open at one moment (a report written on demand). */
    public Findings fresh() {
        return new Findings(options, loaders, libraryClasses);
    }

    /** Instances reported as collected without close(), after include/exclude and the JDK's own handles. */
    public synchronized long leaked() {
        return reportedGc;
    }

    /** Instances reported as still open at exit. */
    public synchronized long openAtExit() {
        return reportedExit;
    }

    /** The findings so far, most instances first, each with its paths and one of its own objects' stacks. */
    public synchronized List<Leak> leaks() {
        List<Leak> leaks = new ArrayList<>();
        for (Finding f : byId.values()) {
            Leak leak = f.first.withCount(f.count);
            if (!f.paths.isEmpty()) {
                List<LeakPath> paths = new ArrayList<>(f.paths.size());
                for (PathCount p : f.paths) {
                    paths.add(new LeakPath(p.count, p.complete, p.frames, p.owned));
                }
                paths.sort(LeakPaths.MOST_OBJECTS_FIRST);
                leak = leak.withPaths(paths);
            }
            if (f.tests != null) {
                List<LeakTest> tests = new ArrayList<>(f.tests.size());
                for (Map.Entry<TestIdentity, long[]> e : f.tests.entrySet()) {
                    TestIdentity t = e.getKey();
                    tests.add(new LeakTest(t.uniqueId(), t.displayName(), t.className(), t.methodName(), e.getValue()[0]));
                }
                tests.sort(MOST_OBJECTS_FIRST);
                leak = leak.withTests(tests);
            }
            leaks.add(leak);
        }
        if (leaks.size() > 1) {
            leaks.sort(MOST_INSTANCES_FIRST); // not for none or one: sorting loads the JDK's TimSort at exit
        }
        return leaks;
    }

    /** As {@link LeakTest#MOST_OBJECTS_FIRST}, written out for the same reason as {@link #MOST_INSTANCES_FIRST}. */
    private static final Comparator<LeakTest> MOST_OBJECTS_FIRST = new Comparator<>() {
        @Override
        public int compare(LeakTest a, LeakTest b) {
            int byCount = Long.compare(b.count(), a.count());
            return byCount != 0 ? byCount : a.id().compareTo(b.id());
        }
    };

    /**
     * Most instances first, then by id. Written out rather than composed from {@code Comparator.comparingLong} and
     * method references: this runs at exit, where each lambda's first use spins a class (see ExitReport).
     */
    static final Comparator<Leak> MOST_INSTANCES_FIRST = new Comparator<>() {
        @Override
        public int compare(Leak a, Leak b) {
            int byCount = Long.compare(b.count(), a.count());
            return byCount != 0 ? byCount : a.id().compareTo(b.id());
        }
    };

}
