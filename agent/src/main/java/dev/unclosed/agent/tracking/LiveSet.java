package dev.unclosed.agent.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The open, tracked objects, found by identity. Split into independently locked stripes so that threads
 * constructing and closing resources rarely contend and never take one global lock. Keys are identity hashes;
 * {@code refersTo} tells records with the same hash apart without ever holding the object strongly.
 *
 * <p>It also counts what was added and what was removed as closed, under the stripe's lock it takes anyway: two
 * counters of their own would be two more atomic operations per tracked object.
 */
final class LiveSet {

    private static final int STRIPES = 64;

    private static final class Stripe {
        TrackedResource[] buckets = new TrackedResource[16];
        int size;
        /** Records added here, ever. */
        long added;
        /** Records removed from here as closed, ever. */
        long closed;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    /** Records per stripe at most: the cap is checked per stripe, without a global count on the hot path. */
    private final int maxPerStripe;

    LiveSet() {
        this(Integer.MAX_VALUE);
    }

    LiveSet(int maxSize) {
        this.maxPerStripe = maxSize == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(1, (maxSize + STRIPES - 1) / STRIPES);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private Stripe stripeFor(int hash) {
        return stripes[(mix(hash) >>> 26) & (STRIPES - 1)];
    }

    /** Adds {@code record}; returns false, adding nothing, if its object is already tracked. */
    boolean add(TrackedResource record, Object object) {
        Stripe stripe = stripeFor(record.identityHash);
        synchronized (stripe) {
            TrackedResource[] buckets = stripe.buckets;
            int index = mix(record.identityHash) & (buckets.length - 1);
            for (TrackedResource r = buckets[index]; r != null; r = r.nextInBucket) {
                if (r.identityHash == record.identityHash && r.refersTo(object)) {
                    return false;
                }
            }
            record.nextInBucket = buckets[index];
            buckets[index] = record;
            stripe.added++;
            if (++stripe.size > buckets.length * 3 / 4) {
                grow(stripe);
            }
            return true;
        }
    }

    /**
     * Whether the stripe an object with this identity hash goes to holds its share of the cap already. Read without
     * the lock: one record more or less does not matter, and identity hashes spread evenly over the stripes.
     */
    boolean full(int identityHash) {
        return stripeFor(identityHash).size >= maxPerStripe;
    }

    TrackedResource find(Object object, int identityHash) {
        Stripe stripe = stripeFor(identityHash);
        synchronized (stripe) {
            TrackedResource[] buckets = stripe.buckets;
            for (TrackedResource r = buckets[mix(identityHash) & (buckets.length - 1)]; r != null; r = r.nextInBucket) {
                if (r.identityHash == identityHash && r.refersTo(object)) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * Removes and returns the record of {@code object}, or null if it is not tracked; counted as closed if
     * {@code closing}.
     */
    TrackedResource remove(Object object, int identityHash, boolean closing) {
        Stripe stripe = stripeFor(identityHash);
        synchronized (stripe) {
            TrackedResource[] buckets = stripe.buckets;
            int index = mix(identityHash) & (buckets.length - 1);
            TrackedResource previous = null;
            for (TrackedResource r = buckets[index]; r != null; previous = r, r = r.nextInBucket) {
                if (r.identityHash == identityHash && r.refersTo(object)) {
                    unlink(stripe, index, previous, r, closing);
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * Removes {@code record} itself (its object may already be gone); false if it was not here. Counted as closed
     * if {@code closing}.
     */
    boolean remove(TrackedResource record, boolean closing) {
        Stripe stripe = stripeFor(record.identityHash);
        synchronized (stripe) {
            TrackedResource[] buckets = stripe.buckets;
            int index = mix(record.identityHash) & (buckets.length - 1);
            TrackedResource previous = null;
            for (TrackedResource r = buckets[index]; r != null; previous = r, r = r.nextInBucket) {
                if (r == record) {
                    unlink(stripe, index, previous, r, closing);
                    return true;
                }
            }
            return false;
        }
    }

    /** A copy of every record, for the report at exit. */
    List<TrackedResource> snapshot() {
        List<TrackedResource> all = new ArrayList<>();
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (TrackedResource head : stripe.buckets) {
                    for (TrackedResource r = head; r != null; r = r.nextInBucket) {
                        all.add(r);
                    }
                }
            }
        }
        return all;
    }

    /** Whether any record passes {@code test}, which runs under a stripe's lock; stops at the first that does. */
    boolean any(Predicate<TrackedResource> test) {
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (TrackedResource head : stripe.buckets) {
                    for (TrackedResource r = head; r != null; r = r.nextInBucket) {
                        if (test.test(r)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    int size() {
        return (int) totals()[0];
    }

    /** Records added so far, ever. */
    long added() {
        return totals()[1];
    }

    /** Records removed as closed so far, ever. */
    long closed() {
        return totals()[2];
    }

    /** What the stripes hold now, have added and have removed as closed, summed, each stripe under its lock. */
    private long[] totals() {
        long[] totals = new long[3];
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                totals[0] += stripe.size;
                totals[1] += stripe.added;
                totals[2] += stripe.closed;
            }
        }
        return totals;
    }

    /** Unlinks {@code r}, counted as closed if {@code closing}. */
    private static void unlink(Stripe stripe, int index, TrackedResource previous, TrackedResource r, boolean closing) {
        if (previous == null) {
            stripe.buckets[index] = r.nextInBucket;
        } else {
            previous.nextInBucket = r.nextInBucket;
        }
        r.nextInBucket = null;
        stripe.size--;
        if (closing) {
            stripe.closed++;
        }
    }

    private static void grow(Stripe stripe) {
        TrackedResource[] old = stripe.buckets;
        TrackedResource[] buckets = new TrackedResource[old.length * 2];
        for (TrackedResource head : old) {
            TrackedResource r = head;
            while (r != null) {
                TrackedResource next = r.nextInBucket;
                int index = mix(r.identityHash) & (buckets.length - 1);
                r.nextInBucket = buckets[index];
                buckets[index] = r;
                r = next;
            }
        }
        stripe.buckets = buckets;
    }
}
