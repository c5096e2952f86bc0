package dev.unclosed.agent.tracking;

import jdk.internal.misc.Unsafe;

/**
 * Reads {@code Throwable.backtrace}, the frames the JVM keeps undecoded, through the JDK's internal {@code Unsafe}:
 * not through a {@code VarHandle}, whose first use (the JDK's var handle classes and forms) cost about 2 ms of each
 * JVM's start on Java 25. Compiled apart from the rest of the agent, with {@code --add-exports
 * java.base/jdk.internal.misc=ALL-UNNAMED} (see {@code ShutdownSlots}); at run time the calls link only once the
 * agent has exported that package to itself, and fail with an {@link IllegalAccessError} where it has not.
 */
final class Backtraces {

    private final Unsafe unsafe;
    private final long offset;

    private Backtraces(Unsafe unsafe, long offset) {
        this.unsafe = unsafe;
        this.offset = offset;
    }

    /** The reader, or null where {@code Throwable} has no such field. */
    static Backtraces find() {
        Unsafe unsafe = Unsafe.getUnsafe();
        try {
            return new Backtraces(unsafe, unsafe.objectFieldOffset(Throwable.class, "backtrace"));
        } catch (InternalError e) {
            return null;
        }
    }

    Object of(Throwable stack) {
        return unsafe.getReference(stack, offset);
    }
}
