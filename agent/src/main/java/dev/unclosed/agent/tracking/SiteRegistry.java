package dev.unclosed.agent.tracking;

import java.util.Arrays;

/**
 * The call sites of application code that create a tracked closeable ({@code new T(...)}), numbered as their
 * classes are instrumented. Capturing a stack per object is the one costly thing tracking does, so a site's objects
 * may share one capture, but only where that cannot misreport a leak's callers:
 * <ul>
 *   <li>a site first <em>learns</em>: its first {@value #LEARNING_OBJECTS} objects capture their own stacks;
 *   <li>if they all came the same way (one interned stack), the site <em>shares</em> that stack with its later
 *       objects, flagged as shared: for them only the frames from the site inward are known to be theirs, and a
 *       report shows no more of it than that;
 *   <li>a site whose objects came from two ways (a helper called from several places) goes on capturing own
 *       stacks, up to {@value #OWN_STACKS_PER_ROUND} objects, then shares too: a site that hot is not a test
 *       helper, and a capture per object would cost its callers 1-2 µs each for good;
 *   <li>a site that leaked an object whose stack was shared learns again, from scratch: a new caller that leaks is
 *       then seen, while a hot loop that leaks from one path goes back to sharing after a few captures.
 * </ul>
 * So a hot site pays for a bounded number of captures, and a leak from a site that has not made thousands of objects
 * (most sites, and test helpers) shows its own callers.
 *
 * <p>A constructor's mark carries its site's id above the thread's sequence number (see {@link #markOf}).
 */
public final class SiteRegistry {

    /** Ids live in the mark's bits 40 to 61, the nested flag in bit 62: sequence numbers stay below 2^40, ids below 2^22. */
    private static final int SHIFT = 40;
    private static final long SEQUENCE_MASK = (1L << SHIFT) - 1;
    private static final long SITE_MASK = (1L << 22) - 1;
    private static final long NESTED = 1L << 62;
    private static final int MAX_SITES = (1 << 22) - 1;
    static final int LEARNING_OBJECTS = 16;
    static final int OWN_STACKS_PER_ROUND = 10_000;

    /** One call site: how its objects get their stacks. */
    static final class Site {
        private static final int LEARNING = 0;
        private static final int SHARING = 1;

        private volatile int state;
        /** While learning, the first stack its objects came by; once sharing, the shared stack. */
        private volatile Throwable path;
        /** Objects that captured their own stack in this round of learning. */
        private int learned;
        /** Whether this round of learning saw two ways in. */
        private boolean severalWays;

        /** The stack to share with a new object of this site, or null when the object must capture its own. */
        Throwable shared() {
            return state == SHARING ? path : null;
        }

        /** One more object of this site captured its own (interned) stack. */
        synchronized void learn(Throwable stack) {
            if (state != LEARNING) {
                return;
            }
            if (path == null) {
                path = stack;
            } else if (path != stack) {
                severalWays = true;
            }
            learned++;
            if (severalWays ? learned >= OWN_STACKS_PER_ROUND : learned >= LEARNING_OBJECTS) {
                path = stack; // any of them: for a shared object, only the frames up to the site count
                state = SHARING;
            }
        }

        /** An object of this site leaked with the shared stack: its next objects keep their own while it learns again. */
        synchronized void stopSharing() {
            if (state == SHARING) {
                state = LEARNING;
                path = null;
                learned = 0;
                severalWays = false;
            }
        }
    }

    private volatile Site[] sites = new Site[1024];
    /** Ids handed out so far; 0 means "no site". Guarded by {@code this}. */
    private int count;

    /** Registers a new call site; its id, or 0 once the table is full (that site's objects then capture their own). */
    public synchronized int register() {
        if (count >= MAX_SITES) {
            return 0;
        }
        Site[] table = sites;
        int id = count + 1;
        if (id >= table.length) {
            table = Arrays.copyOf(table, table.length * 2);
        }
        table[id] = new Site();
        sites = table;
        count = id;
        return id;
    }

    /** A leak was reported whose stack was site {@code id}'s shared one: that site learns again. */
    public void sharedStackReported(int id) {
        Site site = get(id);
        if (site != null) {
            site.stopSharing();
        }
    }

    /** The site with this id, or null. */
    Site get(int id) {
        Site[] table = sites;
        return id > 0 && id < table.length ? table[id] : null;
    }

    public synchronized int size() {
        return count;
    }

    /** {@code nested}: the site was passed on by an enclosing constructor, not announced for this object's class. */
    static long markOf(long sequence, int site, boolean nested) {
        return (sequence & SEQUENCE_MASK) | ((long) site << SHIFT) | (nested ? NESTED : 0L);
    }

    static int siteOf(long mark) {
        return (int) ((mark >>> SHIFT) & SITE_MASK);
    }

    static boolean nested(long mark) {
        return (mark & NESTED) != 0;
    }

    static long sequenceOf(long mark) {
        return mark & SEQUENCE_MASK;
    }
}
