package dev.unclosed.agent.reporting;

import dev.unclosed.agent.AgentOptions;
import dev.unclosed.agent.tracking.LeakListener;
import dev.unclosed.agent.tracking.ResourceRules;
import dev.unclosed.agent.tracking.TrackedResource;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;

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

    private static final class Finding {
        final Leak first;
        long count;

        Finding(Leak first) {
            this.first = first;
        }
    }

    public Findings(AgentOptions options, Function<String, ClassLoader> loaders, Predicate<String> libraryClasses) {
        this.options = options;
        this.loaders = loaders;
        this.libraryClasses = libraryClasses;
    }

    /** What decides a finding: the shared raw stack (compared by identity), the type and the kind. */
    private record Path(Throwable stack, Class<?> type, String kind) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Path p && p.stack == stack && p.type == type && p.kind.equals(kind);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(stack) * 31 + System.identityHashCode(type) * 7 + kind.hashCode();
        }
    }

    /** The finding of each path seen, or {@link #SUPPRESSED}: stacks are decoded once per path, not per leak. */
    private final Map<Path, Finding> byPath = new HashMap<>();
    /** The path of the last leak and its finding. */
    private Path last = new Path(null, null, "");
    private Finding lastFinding;
    private static final Finding SUPPRESSED = new Finding(null);

    @Override
    public synchronized void leaked(TrackedResource root, String kind, List<String> owns) {
        Finding finding;
        if (root.allocation() == last.stack() && root.type() == last.type() && kind.equals(last.kind())) {
            finding = lastFinding; // a run of leaks from one path, the usual case: no look-up, no allocation
        } else {
            Path path = new Path(root.allocation(), root.type(), kind);
            finding = byPath.get(path);
            if (finding == null) {
                finding = findingFor(root, kind, owns);
                byPath.put(path, finding);
            }
            last = path;
            lastFinding = finding;
        }
        if (finding == SUPPRESSED) {
            return;
        }
        finding.count++;
        if (Leak.KIND_GC.equals(kind)) {
            reportedGc++;
        } else {
            reportedExit++;
        }
    }

    private Finding findingFor(TrackedResource root, String kind, List<String> owns) {
        String type = root.type().getName();
        if (!options.strict() && ResourceRules.isHeldByJdk(root.type())) {
            return SUPPRESSED;
        }
        Frame site = null;
        List<Frame> stack = List.of();
        if (root.allocation() != null) {
            AllocationStack decoded = AllocationStack.decode(root.allocation(), root.type(), options.stackDepth(), libraryClasses);
            if (!options.strict() && (decoded.heldByJdk() || (decoded.staticInitializer() && Leak.KIND_EXIT.equals(kind)))) {
                return SUPPRESSED;
            }
            site = decoded.site();
            stack = decoded.frames();
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
        return finding;
    }

    /** Instances reported as collected without close(), after include/exclude and the JDK's own handles. */
    public synchronized long leaked() {
        return reportedGc;
    }

    /** Instances reported as still open at exit. */
    public synchronized long openAtExit() {
        return reportedExit;
    }

    /** The findings so far, most instances first. */
    public synchronized List<Leak> leaks() {
        List<Leak> leaks = new ArrayList<>();
        for (Finding f : byId.values()) {
            leaks.add(f.first.withCount(f.count));
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
