package dev.unclosed.agent.tracking;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The call sites of application code that create a tracked closeable ({@code new T(...)}), numbered as their
 * classes are instrumented. Every object created at one site shares the site's allocation stack, captured once
 * for the site instead of once per object: the frames from the site inward are the same for all of them, and
 * the site is what a finding is about. (The frames further out are those of the first object's callers.)
 *
 * <p>A constructor's mark carries its site's id above the thread's sequence number (see {@link #markOf}).
 */
public final class SiteRegistry {

    /** Ids live in the mark's bits 40 to 61: sequence numbers stay below 2^40, ids below 2^22. */
    private static final int SHIFT = 40;
    private static final long SEQUENCE_MASK = (1L << SHIFT) - 1;
    private static final int MAX_SITES = (1 << 22) - 1;

    /** One call site: its shared raw stack, once captured. */
    static final class Site extends AtomicReference<Throwable> {
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

    /** The site with this id, or null. */
    Site get(int id) {
        Site[] table = sites;
        return id > 0 && id < table.length ? table[id] : null;
    }

    public synchronized int size() {
        return count;
    }

    static long markOf(long sequence, int site) {
        return (sequence & SEQUENCE_MASK) | ((long) site << SHIFT);
    }

    static int siteOf(long mark) {
        return (int) (mark >>> SHIFT);
    }

    static long sequenceOf(long mark) {
        return mark & SEQUENCE_MASK;
    }
}
