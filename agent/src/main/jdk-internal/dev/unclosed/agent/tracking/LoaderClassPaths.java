package dev.unclosed.agent.tracking;

import jdk.internal.misc.Unsafe;

import java.net.URLClassLoader;

/**
 * Reads a {@code URLClassLoader}'s class path (its private {@code ucp} field) through the JDK's internal
 * {@code Unsafe}, as {@link Backtraces} reads stacks: not through reflection, whose first {@code Field.get} on Java 25
 * spins the method handles of a field accessor, 3 to 6 ms of the thread that creates the JVM's first such loader.
 * Compiled apart from the rest of the agent; links only once the agent has exported {@code jdk.internal.misc} to
 * itself, and fails with an {@link IllegalAccessError} where it has not.
 */
final class LoaderClassPaths {

    private final Unsafe unsafe;
    private final long offset;

    private LoaderClassPaths(Unsafe unsafe, long offset) {
        this.unsafe = unsafe;
        this.offset = offset;
    }

    /** The reader, or null where {@code URLClassLoader} has no such field. */
    static LoaderClassPaths find() {
        Unsafe unsafe = Unsafe.getUnsafe();
        try {
            return new LoaderClassPaths(unsafe, unsafe.objectFieldOffset(URLClassLoader.class, "ucp"));
        } catch (InternalError e) {
            return null;
        }
    }

    Object of(URLClassLoader loader) {
        return unsafe.getReference(loader, offset);
    }
}
