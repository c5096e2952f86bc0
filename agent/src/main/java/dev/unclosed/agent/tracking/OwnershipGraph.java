package dev.unclosed.agent.tracking;

import dev.unclosed.report.Leak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Decides which collected or still-open records are leaks, and reports each leak once, as its outermost unclosed
 * owner.
 *
 * <p>A leak is a resource that nobody released: an object that holds an operating-system resource (any object,
 * under strict) collected without close, or still open at exit. Judgment starts from that resource, never from a
 * wrapper: a wrapper collected while what it wraps is still open says nothing yet, because the wrapped resource may
 * well be closed later by whoever else holds it (try-with-resources on the stream under a dropped
 * {@code BufferedInputStream}). So the outcome never depends on when the collector finds the wrapper: only on
 * whether each resource was released, and on who was still unclosed above it when it was lost.
 *
 * <p>All judgments run under one lock, off the hot path: on the reaper thread, at exit, or when an owner that
 * something waits on is closed.
 */
final class OwnershipGraph {

    /** Ownership chains are short; the bound only stops a corrupted cycle from looping. */
    private static final int MAX_DEPTH = 64;

    private final LeakListener listener;
    private final boolean strict;
    /** Told the site of each reported record whose stack was its site's shared one (see SiteRegistry). */
    private final IntConsumer sharedStackReported;
    /**
     * Resources collected while an owner of theirs was still open, by that owner (the first open one up their
     * chain, flagged {@code waitedOn}): they wait for it to close or go.
     */
    private final Map<TrackedResource, List<TrackedResource>> waiting = new IdentityHashMap<>();

    OwnershipGraph(LeakListener listener, boolean strict, IntConsumer sharedStackReported) {
        this.listener = listener;
        this.strict = strict;
        this.sharedStackReported = sharedStackReported;
    }

    /** Not a lambda: linked with the tracker, not on the reaper thread's first wait (see LeakTracker). */
    private static final Function<TrackedResource, List<TrackedResource>> NEW_LIST = new Function<>() {
        @Override
        public List<TrackedResource> apply(TrackedResource owner) {
            return new ArrayList<>(2);
        }
    };

    /** Whether losing this record unclosed is a leak in itself, rather than only through what it holds. */
    private boolean counts(TrackedResource record) {
        return record.holdsResource || strict;
    }

    synchronized void collected(TrackedResource record) {
        record.state = TrackedResource.COLLECTED;
        if (counts(record) && !record.judged) {
            settleCollected(record);
        }
        if (record.waitedOn) {
            // Resources under this owner waited for it; collected unclosed, it covers them as their leak's root.
            settleWaitingOn(record);
        }
    }

    /**
     * An owner was closed: resources of its that were collected before are leaks of their own, since this close
     * came too late to release them. Called only for owners flagged {@code waitedOn}, so closing stays off this
     * lock on the hot path.
     */
    synchronized void ownerClosed(TrackedResource owner) {
        settleWaitingOn(owner);
    }

    /**
     * At exit: resources still open, and resources collected under an owner still open, are reported with their
     * outermost owner that is still open.
     */
    synchronized void exit(List<TrackedResource> open) {
        for (TrackedResource record : open) {
            if (record.state == TrackedResource.OPEN && counts(record) && !record.judged && !releasedWithOwner(record)) {
                report(outermostAtExit(record), Leak.KIND_EXIT);
            }
        }
        List<TrackedResource> pending = new ArrayList<>();
        // By key: the JDK's shutdown has loaded this map's key iterator; its value iterator would load here, at exit.
        for (TrackedResource owner : waiting.keySet()) {
            pending.addAll(waiting.get(owner));
        }
        waiting.clear();
        for (TrackedResource record : pending) {
            if (!record.judged) {
                TrackedResource top = outermostAtExit(record);
                report(top, top.state == TrackedResource.OPEN ? Leak.KIND_EXIT : Leak.KIND_GC);
            }
        }
    }

    /**
     * While the program runs (a report on demand or a periodic flush): tells {@code into} what is open now, each
     * outermost open owner once, as exit would, but judges nothing: these objects may still be closed.
     */
    synchronized void openNow(List<TrackedResource> open, LeakListener into) {
        Set<TrackedResource> roots = Collections.newSetFromMap(new IdentityHashMap<>());
        for (TrackedResource record : open) {
            if (record.state == TrackedResource.OPEN && counts(record) && !record.judged && !releasedWithOwner(record)) {
                TrackedResource top = outermostAtExit(record);
                if (roots.add(top)) {
                    into.leaked(top, Leak.KIND_OPEN, top.ownsNothing() ? List.of() : ownedChain(top));
                }
            }
        }
    }

    private void settleWaitingOn(TrackedResource owner) {
        List<TrackedResource> pending = waiting.remove(owner);
        if (pending == null) {
            return;
        }
        for (TrackedResource record : pending) {
            if (!record.judged) {
                settleCollected(record);
            }
        }
    }

    /**
     * A resource collected without close: a leak, reported as the outermost of its unclosed owners, or waiting
     * while one of them is still open (that owner may yet be closed, or be collected or reach exit unclosed).
     */
    private void settleCollected(TrackedResource resource) {
        if (releasedWithOwner(resource)) {
            // A statement whose connection was closed after it was collected (or while the collector took it).
            resource.state = TrackedResource.CLOSED;
            resource.judged = true;
            return;
        }
        TrackedResource top = resource;
        TrackedResource owner = resource.owner;
        for (int depth = 0; owner != null && owner.state != TrackedResource.CLOSED && depth < MAX_DEPTH; depth++) {
            if (owner.state == TrackedResource.OPEN) {
                owner.waitedOn = true;
                waiting.computeIfAbsent(owner, NEW_LIST).add(resource);
                return;
            }
            top = owner;
            owner = owner.owner;
        }
        report(top, Leak.KIND_GC);
    }

    /** Whether the record is released with an owner (see {@code closedWithOwner}) that is closed, directly or in turn. */
    private static boolean releasedWithOwner(TrackedResource record) {
        TrackedResource r = record;
        for (int depth = 0; r.closedWithOwner && r.owner != null && depth < MAX_DEPTH; depth++) {
            r = r.owner;
            if (r.state == TrackedResource.CLOSED) {
                return true;
            }
        }
        return false;
    }

    /**
     * The root to report a resource under at exit: its owners upward while they are still open (an open owner
     * carries what it holds to exit); a collected owner above an open record is not followed, since the record was
     * reachable without it. Collected owners of a collected resource are followed up to the first open one.
     */
    static TrackedResource outermostAtExit(TrackedResource record) {
        TrackedResource top = record;
        TrackedResource owner = record.owner;
        for (int depth = 0; owner != null && owner.state != TrackedResource.CLOSED && depth < MAX_DEPTH; depth++) {
            if (owner.state == TrackedResource.COLLECTED && top.state == TrackedResource.OPEN) {
                break;
            }
            top = owner;
            owner = owner.owner;
        }
        return top;
    }

    /**
     * Reports {@code top} once, with what it holds. Everything it covers is settled with it: the records of its
     * subtree that were lost with it (collected, or, at exit, anything unclosed). An open resource under a
     * collected root is not settled here: it may still be closed, and if it is collected later its leak is this
     * one (the root is judged already).
     */
    private void report(TrackedResource top, String kind) {
        if (top.judged) {
            return;
        }
        top.judged = true;
        if (top.sharedStack) {
            sharedStackReported.accept(top.site);
        }
        if (top.ownsNothing()) {
            // The common case, a leaked stream or socket of its own: nothing to walk, nothing to allocate.
            listener.leaked(top, kind, List.of());
            return;
        }
        boolean atExit = Leak.KIND_EXIT.equals(kind);
        for (TrackedResource r : unclosedSubtree(top)) {
            if (atExit || r.state == TrackedResource.COLLECTED) {
                r.judged = true;
            }
        }
        listener.leaked(top, kind, ownedChain(top));
    }

    /** The record and everything it holds that was not closed, each once. */
    private static List<TrackedResource> unclosedSubtree(TrackedResource root) {
        Set<TrackedResource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<TrackedResource> result = new ArrayList<>();
        List<TrackedResource> pending = new ArrayList<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            TrackedResource r = pending.remove(pending.size() - 1);
            if (r.state == TrackedResource.CLOSED || !seen.add(r)) {
                continue;
            }
            result.add(r);
            pending.addAll(r.owned());
        }
        return result;
    }

    /** The chain from the root's first unclosed child down to the deepest unclosed resource. */
    private static List<TrackedResource> ownedChain(TrackedResource root) {
        List<TrackedResource> best = new ArrayList<>();
        collectPath(root, new ArrayList<>(), best, Collections.newSetFromMap(new IdentityHashMap<>()));
        return best;
    }

    private static void collectPath(TrackedResource node, List<TrackedResource> path, List<TrackedResource> best,
                                    Set<TrackedResource> seen) {
        if (!seen.add(node) || path.size() > MAX_DEPTH) {
            return;
        }
        for (TrackedResource child : node.owned()) {
            if (child.state == TrackedResource.CLOSED) {
                continue;
            }
            path.add(child);
            if (child.holdsResource && path.size() > best.size()) {
                best.clear();
                best.addAll(path);
            }
            collectPath(child, path, best, seen);
            path.remove(path.size() - 1);
        }
    }
}
