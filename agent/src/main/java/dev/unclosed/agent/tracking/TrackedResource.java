package dev.unclosed.agent.tracking;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of one watched closeable. A phantom reference: it never keeps its object alive and is enqueued
 * once the object is collected. A closed object's record is dropped from the {@link LiveSet}, so the record
 * itself becomes garbage and costs nothing afterwards.
 */
public final class TrackedResource extends PhantomReference<Object> {

    static final int OPEN = 0;
    static final int CLOSED = 1;
    static final int COLLECTED = 2;

    final int identityHash;
    final Class<?> type;
    /** True when this object itself holds an operating-system resource (not only through what it owns). */
    final boolean holdsResource;
    /** The allocation stack in raw form: decoded only if this object is reported. Null when stacks are off. */
    final Throwable allocation;
    /**
     * True when {@code allocation} is its call site's shared stack rather than this object's own capture: only the
     * frames from the site inward are known to be this object's.
     */
    final boolean sharedStack;
    /** The call site this object was created at ({@link SiteRegistry}), 0 if none. */
    final int site;
    final String thread;
    final long createdAtMillis;
    /** The test that was running when it was made ({@link RunningTests}), or null. */
    final TestIdentity test;
    /** Position in the allocating thread's log of recent creations, for ownership by construction. */
    final long threadSequence;

    volatile int state; // OPEN: the default, so that no volatile store (a fence) is paid per record
    /** The closeable that took this one over; null for a root. */
    volatile TrackedResource owner;
    /**
     * True when the owner is the object this one is a view of (a FileInputStream for its FileChannel). Not volatile:
     * written before {@code owner} and read only after it, whose volatile write and read order it (one fence less
     * per adoption).
     */
    boolean viewOfOwner;
    /** What this one took over; null until it owns something. Guarded by {@code this}. */
    private List<TrackedResource> owned;
    /** Set once this record's fate is settled: reported, or folded into its owner's report. */
    volatile boolean judged;
    /** A resource under this one was collected unclosed while this one was open: its close or loss settles that. */
    volatile boolean waitedOn;
    /** Released when its owner closes (a JDBC statement or result set): set before the record is published. */
    boolean closedWithOwner;
    /** It owns something released with it: its close must close that too. */
    volatile boolean closesOwned;

    /** Chains records whose identity hashes share a {@link LiveSet} bucket. Guarded by the stripe. */
    TrackedResource nextInBucket;

    TrackedResource(Object referent, ReferenceQueue<Object> queue, int identityHash, boolean holdsResource,
                    Throwable allocation, boolean sharedStack, int site, String thread, long threadSequence,
                    TestIdentity test) {
        super(referent, queue);
        this.identityHash = identityHash;
        this.type = referent.getClass();
        this.holdsResource = holdsResource;
        this.allocation = allocation;
        this.sharedStack = sharedStack;
        this.site = site;
        this.thread = thread;
        this.createdAtMillis = System.currentTimeMillis();
        this.threadSequence = threadSequence;
        this.test = test;
    }

    synchronized void adopt(TrackedResource child, boolean asView) {
        if (owned == null) {
            owned = new ArrayList<>(2);
        }
        owned.add(child);
        child.viewOfOwner = asView;
        child.owner = this;
        if (child.closedWithOwner) {
            closesOwned = true;
        }
    }

    /** Gives up {@code child}, which another object takes over. */
    synchronized void disown(TrackedResource child) {
        if (owned != null && owned.remove(child) && child.owner == this) {
            child.owner = null;
        }
    }

    /** Whether this one never took anything over: most records, judged without walking a subtree. */
    synchronized boolean ownsNothing() {
        return owned == null;
    }

    synchronized List<TrackedResource> owned() {
        return owned == null ? List.of() : new ArrayList<>(owned);
    }

    public Class<?> type() {
        return type;
    }

    public Throwable allocation() {
        return allocation;
    }

    /** Whether {@link #allocation()} is the call site's shared stack: true for this object only up to the site. */
    public boolean sharedStack() {
        return sharedStack;
    }

    /** The test it was made in, or null. */
    public TestIdentity test() {
        return test;
    }

    public String thread() {
        return thread;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    boolean isOpen() {
        return state == OPEN;
    }
}
