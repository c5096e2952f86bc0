package dev.unclosed.agent.reporting;

import dev.unclosed.agent.AgentOptions;
import dev.unclosed.agent.tracking.LeakListener;
import dev.unclosed.agent.tracking.ResourceRules;
import dev.unclosed.agent.tracking.TrackedResource;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakPath;
import dev.unclosed.report.LeakPaths;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns each leak into a finding, grouped by id (type, kind and allocation site), counting instances. This is where
 * stacks are decoded and where the report-time rules apply: include/exclude, and the resources the JDK or a static
 * initializer hold for the JVM's lifetime by design. Called under the tracker's judgment lock.
 */
public final class Findings implements LeakListener {

    private final AgentOptions options;
    private final Function<String, ClassLoader> loaders;
    /** Made at the first finding (under this object's lock), not at premain, which a JVM without leaks need not pay for. */
    private Fingerprints fingerprints;
    private final Map<String, Finding> byId = new LinkedHashMap<>();
    private long reportedGc;
    private long reportedExit;

    private static final class Finding {
        final Leak first;
        long count;
        /** Its distinct decoded stacks, each with how many leaks came that way. */
        final List<PathCount> paths = new ArrayList<>(1);

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

        PathCount(List<Frame> frames, boolean complete) {
            this.frames = frames;
            this.complete = complete;
        }
    }

    public Findings(AgentOptions options, Function<String, ClassLoader> loaders) {
        this.options = options;
        this.loaders = loaders;
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
    public synchronized void leaked(TrackedResource root, String kind, List<String> owns) {
        Counted counted;
        if (root.allocation() == last.stack() && root.sharedStack() == last.shared() && root.type() == last.type()
                && kind.equals(last.kind())) {
            counted = lastCounted; // a run of leaks from one path, the usual case: no look-up, no allocation
        } else {
            Path path = new Path(root.allocation(), root.sharedStack(), root.type(), kind);
            counted = byPath.get(path);
            if (counted == null) {
                counted = countedFor(root, kind, owns);
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
        if (Leak.KIND_GC.equals(kind)) {
            reportedGc++;
        } else {
            reportedExit++;
        }
    }

    private Counted countedFor(TrackedResource root, String kind, List<String> owns) {
        String type = root.type().getName();
        if (!options.strict() && ResourceRules.isHeldByJdk(root.type())) {
            return SUPPRESSED;
        }
        Frame site = null;
        List<Frame> stack = List.of();
        boolean complete = true;
        if (root.allocation() != null) {
            AllocationStack decoded = AllocationStack.decode(root.allocation(), root.type(), options.stackDepth(),
                    root.sharedStack());
            if (!options.strict() && (decoded.heldByJdk() || (decoded.staticInitializer() && Leak.KIND_EXIT.equals(kind)))) {
                return SUPPRESSED;
            }
            site = decoded.site();
            stack = decoded.frames();
            complete = decoded.complete();
        }
        if (!options.reports(type, site == null ? null : site.className())) {
            return SUPPRESSED;
        }
        if (fingerprints == null) {
            fingerprints = new Fingerprints(loaders);
        }
        String id = fingerprints.idOf(type, kind, site);
        Finding finding = byId.get(id);
        if (finding == null) {
            finding = new Finding(new Leak(id, type, kind, 1, site, stack, owns, root.thread(),
                    Timestamps.iso(Instant.ofEpochMilli(root.createdAtMillis()))));
            byId.put(id, finding);
        }
        return new Counted(finding, root.allocation() == null ? null : finding.path(stack, complete));
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
                    paths.add(new LeakPath(p.count, p.complete, p.frames));
                }
                paths.sort(LeakPaths.MOST_OBJECTS_FIRST);
                leak = leak.withPaths(paths);
            }
            leaks.add(leak);
        }
        leaks.sort(MOST_INSTANCES_FIRST);
        return leaks;
    }

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
