package dev.unclosed.agent;

import jdk.internal.access.SharedSecrets;

/**
 * Registers a hook in one of the JDK's own shutdown slots ({@code java.lang.Shutdown}), which run one after the
 * other on the exiting thread: slot 1 runs every application hook ({@code Runtime.addShutdownHook}, LogManager's
 * included) and waits for them all. A hook in a later slot therefore runs once they are done, where an ordinary
 * shutdown hook would run alongside them. Compiled apart from the rest of the agent, like {@link UnsafeDefiner},
 * with {@code --add-exports java.base/jdk.internal.access=ALL-UNNAMED}; at run time the call links only once
 * {@link AgentRuntime} has exported that package to the agent.
 */
final class ShutdownSlots {

    /**
     * The JDK registers slots 0 (console restore), 1 (application hooks) and 2 (delete-on-exit), the first and the
     * last lazily, so those must stay free; there are ten. The last free one is taken: it runs after all others.
     */
    private static final int FIRST_FREE = 3;
    private static final int LAST = 9;

    private ShutdownSlots() {
    }

    /**
     * Registers {@code hook} in the last free slot and returns that slot, or -1 if every one is taken. Throws
     * {@link IllegalStateException} once shutdown has begun, and a {@link LinkageError} if the package is not
     * exported to the agent.
     */
    static int registerLast(Runnable hook) {
        for (int slot = LAST; slot >= FIRST_FREE; slot--) {
            try {
                SharedSecrets.getJavaLangAccess().registerShutdownHook(slot, false, hook);
                return slot;
            } catch (InternalError taken) {
                // Registered by someone else: try the one before.
            }
        }
        return -1;
    }
}
