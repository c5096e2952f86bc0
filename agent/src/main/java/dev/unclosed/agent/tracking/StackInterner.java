package dev.unclosed.agent.tracking;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores each distinct allocation stack once. Every tracked object's stack is captured raw ({@code new Throwable()},
 * whose frames the JVM keeps in an internal "backtrace" of arrays and decodes only on request); two captures from
 * the same code path have equal backtraces, so all objects from one path can share the first capture. That keeps
 * the agent's memory per open object small and lets a leak's stack be decoded once per path, not once per leak.
 *
 * <p>The backtrace is read structurally (arrays compared by content, objects by identity), without relying on
 * its layout, which differs between JDK versions. Where it cannot be read at all, captures are simply not shared.
 */
public final class StackInterner {

    /** Beyond this many distinct stacks, new ones are kept per object rather than grow the table without bound. */
    private static final int MAX_STACKS = 200_000;

    private final InternalField backtrace;
    private final ConcurrentHashMap<Key, Throwable> stacks = new ConcurrentHashMap<>();

    private StackInterner(InternalField backtrace) {
        this.backtrace = backtrace;
    }

    /**
     * An interner over {@code Throwable.backtrace}; one that shares nothing if that field cannot be read (no such
     * field, or {@code jdk.internal.misc} not exported to the agent).
     */
    public static StackInterner create() {
        try {
            InternalField backtraces = InternalField.find(Throwable.class, "backtrace");
            Object probe = backtraces == null ? null : backtraces.of(new Throwable());
            return new StackInterner(probe instanceof Object[] ? backtraces : null);
        } catch (LinkageError | RuntimeException e) {
            return new StackInterner(null);
        }
    }

    public boolean shares() {
        return backtrace != null;
    }

    /** The first capture equal to {@code stack}, or {@code stack} itself if it is the first of its kind. */
    Throwable intern(Throwable stack) {
        if (backtrace == null) {
            return stack;
        }
        Object trace = backtrace.of(stack);
        if (trace == null) {
            return stack;
        }
        Key key = new Key(trace, hash(trace, 0));
        Throwable shared = stacks.get(key);
        if (shared != null) {
            return shared;
        }
        if (stacks.size() >= MAX_STACKS) {
            return stack;
        }
        shared = stacks.putIfAbsent(key, stack);
        return shared != null ? shared : stack;
    }

    int distinctStacks() {
        return stacks.size();
    }

    private record Key(Object trace, int hash) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.hash == hash && same(k.trace, trace, 0);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Nested chunks are bounded by the JVM's stack trace depth; the guard only stops a malformed cycle. */
    private static final int MAX_NESTING = 64;

    private static int hash(Object value, int depth) {
        if (value instanceof Object[] array) {
            int h = 1;
            // Only the nested arrays count (method ids and bytecode indexes): hashing each class mirror would cost
            // more than it tells apart, and equality compares them anyway.
            for (Object element : array) {
                if (element != null && element.getClass().isArray() && depth < MAX_NESTING) {
                    h = 31 * h + hash(element, depth + 1);
                }
            }
            return h;
        }
        if (value instanceof short[] a) {
            return Arrays.hashCode(a);
        }
        if (value instanceof int[] a) {
            return Arrays.hashCode(a);
        }
        if (value instanceof long[] a) {
            return Arrays.hashCode(a);
        }
        if (value instanceof byte[] a) {
            return Arrays.hashCode(a);
        }
        if (value instanceof char[] a) {
            return Arrays.hashCode(a);
        }
        if (value instanceof boolean[] a) {
            return Arrays.hashCode(a);
        }
        return System.identityHashCode(value);
    }

    private static boolean same(Object a, Object b, int depth) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof Object[] x) {
            Object[] y = (Object[]) b;
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                Object p = x[i];
                Object q = y[i];
                boolean nested = p != null && p.getClass().isArray() && depth < MAX_NESTING;
                if (nested ? !same(p, q, depth + 1) : p != q) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof short[] x) {
            return Arrays.equals(x, (short[]) b);
        }
        if (a instanceof int[] x) {
            return Arrays.equals(x, (int[]) b);
        }
        if (a instanceof long[] x) {
            return Arrays.equals(x, (long[]) b);
        }
        if (a instanceof byte[] x) {
            return Arrays.equals(x, (byte[]) b);
        }
        if (a instanceof char[] x) {
            return Arrays.equals(x, (char[]) b);
        }
        if (a instanceof boolean[] x) {
            return Arrays.equals(x, (boolean[]) b);
        }
        return false;
    }
}
