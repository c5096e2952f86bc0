package dev.unclosed.agent.tracking;

import dev.unclosed.report.Leak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Decides, for a record that was collected or is open at exit, whether it is a leak of its own or part of its
 * owner's. A leak is reported once, as its outermost unclosed owner; what a closed owner held is judged on its own;
 * and only objects that hold, or own something that holds, an operating-system resource count (unless strict).
 * All judgments run under one lock, off the hot path: on the reaper thread, at exit, or when an owner closes.
 */
final class OwnershipGraph {

    /** Ownership chains are short; the bound only stops a corrupted cycle from looping. */
    private static final int MAX_DEPTH = 64;

    private final LeakListener listener;
    private final boolean strict;
    /** Collected while an owner was still open: settled when that owner is closed, collected or open at exit. */
    private final List<TrackedResource> deferred = new ArrayList<>();

    OwnershipGraph(LeakListener listener, boolean strict) {
        this.listener = listener;
        this.strict = strict;
    }

    synchronized void collected(TrackedResource record) {
        record.state = TrackedResource.COLLECTED;
        judge(record, Leak.KIND_GC);
    }

    /**
     * An owner was closed: what it held that was already collected unclosed is now a leak of its own. Called only
     * for owners flagged {@code deferredBelow}, so closing stays off this lock on the hot path.
     */
    synchronized void ownerClosed(TrackedResource owner) {
        for (TrackedResource child : owner.owned()) {
            if (child.state == TrackedResource.COLLECTED && !child.judged) {
                judge(child, Leak.KIND_GC);
            }
        }
    }

    /**
     * At exit: every open record that is nobody's open part is reported as still open. Deferred records are judged
     * first, in case their owner was closed while they were being deferred.
     */
    synchronized void exit(List<TrackedResource> open) {
        List<TrackedResource> pending = new ArrayList<>(deferred);
        deferred.clear();
        for (TrackedResource record : pending) {
            judge(record, Leak.KIND_GC);
        }
        for (TrackedResource record : open) {
            if (record.state == TrackedResource.OPEN) {
                judge(record, Leak.KIND_EXIT);
            }
        }
    }

    private void judge(TrackedResource record, String kind) {
        if (record.judged) {
            return;
        }
        if (releasedWithOwner(record)) {
            // A statement whose connection was closed after it was collected (or while the collector took it).
            record.state = TrackedResource.CLOSED;
            record.judged = true;
            return;
        }
        TrackedResource top = outermostUnclosedOwner(record);
        if (top != record) {
            // An owner that is still open will report this one with itself; one already collected has done so.
            if (top.state == TrackedResource.OPEN && record.state == TrackedResource.COLLECTED) {
                deferred.add(record);
                for (TrackedResource o = record.owner; o != null && o != record; o = o.owner) {
                    o.deferredBelow = true;
                    if (o == top) {
                        break;
                    }
                }
            }
            return;
        }
        if (record.ownsNothing()) {
            // The common case, a leaked stream or socket of its own: nothing to walk, nothing to allocate.
            record.judged = true;
            if (record.holdsResource || strict) {
                listener.leaked(record, kind, List.of());
            }
            return;
        }
        List<TrackedResource> subtree = unclosedSubtree(record);
        for (TrackedResource r : subtree) {
            r.judged = true;
        }
        boolean resource = false;
        for (TrackedResource r : subtree) {
            resource |= r.holdsResource;
        }
        if (!resource && !strict) {
            return;
        }
        listener.leaked(record, kind, ownedTypes(record));
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

    private static TrackedResource outermostUnclosedOwner(TrackedResource record) {
        TrackedResource top = record;
        TrackedResource owner = record.owner;
        for (int depth = 0; owner != null && owner.state != TrackedResource.CLOSED && owner != record && depth < MAX_DEPTH; depth++) {
            top = owner;
            owner = owner.owner;
        }
        return top;
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

    /** The chain of types from the root's first unclosed child down to the deepest unclosed resource. */
    private static List<String> ownedTypes(TrackedResource root) {
        List<String> best = new ArrayList<>();
        collectPath(root, new ArrayList<>(), best, Collections.newSetFromMap(new IdentityHashMap<>()));
        return best;
    }

    private static void collectPath(TrackedResource node, List<String> path, List<String> best, Set<TrackedResource> seen) {
        if (!seen.add(node) || path.size() > MAX_DEPTH) {
            return;
        }
        for (TrackedResource child : node.owned()) {
            if (child.state == TrackedResource.CLOSED) {
                continue;
            }
            path.add(child.type.getName());
            if (child.holdsResource && path.size() > best.size()) {
                best.clear();
                best.addAll(path);
            }
            collectPath(child, path, best, seen);
            path.remove(path.size() - 1);
        }
    }
}
