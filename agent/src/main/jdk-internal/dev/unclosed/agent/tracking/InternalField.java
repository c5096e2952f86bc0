package dev.unclosed.agent.tracking;

import jdk.internal.misc.Unsafe;

/**
 * Reads one private reference field of a JDK class ({@code Throwable.backtrace}, {@code URLClassLoader.ucp}) through
 * the JDK's internal {@code Unsafe}: not through reflection, whose first {@code Field.get} on Java 25 spins a field
 * accessor's method handles (3 to 6 ms), nor a {@code VarHandle}, whose first use starts the JDK's var handle
 * classes and forms (about 2 ms of each JVM's start on Java 25). Compiled apart from the rest of the agent, with
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} (see {@code ShutdownSlots}); at run time the calls
 * link only once the agent has exported that package to itself, and fail with an {@link IllegalAccessError} where
 * it has not.
 */
final class InternalField {

    private final Unsafe unsafe;
    private final long offset;

    private InternalField(Unsafe unsafe, long offset) {
        this.unsafe = unsafe;
        this.offset = offset;
    }

    /** The reader of {@code owner}'s field {@code name}, or null where the class has no such field. */
    static InternalField find(Class<?> owner, String name) {
        Unsafe unsafe = Unsafe.getUnsafe();
        try {
            return new InternalField(unsafe, unsafe.objectFieldOffset(owner, name));
        } catch (InternalError e) {
            return null;
        }
    }

    Object of(Object instance) {
        return unsafe.getReference(instance, offset);
    }
}
