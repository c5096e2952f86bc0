package dev.unclosed.agent;

import java.util.Map;

/**
 * Defines classes in the bootstrap loader by calling {@code jdk.internal.misc.Unsafe} directly, not through
 * reflection. Compiled apart from the rest of the agent, with {@code --add-exports
 * java.base/jdk.internal.misc=ALL-UNNAMED} (see the agent's pom); at run time the call links only once
 * {@link BootstrapInjection} has exported that package to the agent, and fails with an {@link IllegalAccessError}
 * if it has not.
 *
 * <p>Why not reflection: since Java 18 {@code Method.invoke} runs on method handles, and the first call of a
 * method with this signature spins some 25 classes of them (about 25 ms of premain on Java 25, against 0.3 ms
 * on Java 17, whose reflection starts out native).
 */
final class UnsafeDefiner {

    private UnsafeDefiner() {
    }

    static void defineInBootstrapLoader(Map<String, byte[]> classes) {
        jdk.internal.misc.Unsafe unsafe = jdk.internal.misc.Unsafe.getUnsafe();
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            byte[] bytes = c.getValue();
            unsafe.defineClass(c.getKey(), bytes, 0, bytes.length, null, null);
        }
    }
}
