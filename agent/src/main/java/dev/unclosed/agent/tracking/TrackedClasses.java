package dev.unclosed.agent.tracking;

/**
 * Which classes have had an object tracked, as a set of bits by the class's identity hash: a close of an object of
 * any other class (a {@code ByteArrayInputStream}, a JDK-internal decoder) has nothing to look up, and is spared an
 * identity hash of its own and a stripe's lock. Two classes may share a bit; the look-up then decides, as before.
 *
 * <p>A bit is set before the first record of its class is published in the live set, and never cleared; an object
 * reaches the thread that closes it after it was tracked, so that thread sees the bit. Plain reads, on the hot path;
 * the writes, once per class, take this object's lock.
 */
final class TrackedClasses {

    private static final int BITS = 1024;

    private final long[] words = new long[BITS / 64];

    private static int bitOf(Class<?> type) {
        int h = System.identityHashCode(type) * 0x9E3779B9;
        return (h >>> 22) & (BITS - 1);
    }

    void mark(Class<?> type) {
        int bit = bitOf(type);
        if ((words[bit >>> 6] & (1L << bit)) == 0) {
            synchronized (this) {
                words[bit >>> 6] |= 1L << bit;
            }
        }
    }

    /** False only if no object of {@code type} was ever tracked. */
    boolean mayHold(Class<?> type) {
        int bit = bitOf(type);
        return (words[bit >>> 6] & (1L << bit)) != 0;
    }
}
