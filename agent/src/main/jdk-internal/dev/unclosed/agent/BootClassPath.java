package dev.unclosed.agent;

import jdk.internal.misc.VM;

/**
 * What was appended to the bootstrap class loader's search (the jar's {@code Boot-Class-Path} among it), as the
 * JVM saved it before taking it out of the system properties. Compiled apart from the rest of the agent, like
 * {@link UnsafeDefiner}; at run time the call links only once the agent has exported {@code jdk.internal.misc} to
 * itself, and fails with an {@link IllegalAccessError} before.
 */
final class BootClassPath {

    private BootClassPath() {
    }

    /** The appended paths, separated by {@link java.io.File#pathSeparator}; null when there are none. */
    static String appended() {
        return VM.getSavedProperty("jdk.boot.class.path.append");
    }
}
