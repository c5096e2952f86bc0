package dev.unclosed.agent;

import jdk.internal.access.SharedSecrets;

import java.util.function.BooleanSupplier;

/**
 * Waits for the JDK's Reference Handler to enqueue what the last collection found, as {@code java.nio.Bits} does
 * before it gives up on direct memory: after {@code System.gc()}, the agent's queue is complete only once that
 * thread is done, which on a loaded machine can take longer than any fixed wait. Compiled apart, like
 * {@link ShutdownSlots}; links once {@link AgentRuntime} has exported {@code jdk.internal.access} to the agent.
 */
final class ReferenceProcessing implements BooleanSupplier {

    /** Rounds of progress waited for at most: a Cleaner's work can make more, but not without end. */
    private static final int MAX_ROUNDS = 100;

    /**
     * Returns whether everything the last collection found is enqueued now; false when that is not known (the JDK's
     * API out of reach, or still busy after many rounds): then the caller waits a while instead.
     */
    @Override
    public boolean getAsBoolean() {
        try {
            for (int i = 0; i < MAX_ROUNDS; i++) {
                if (!SharedSecrets.getJavaLangRefAccess().waitForReferenceProcessing()) {
                    return true; // nothing pending: all of it is enqueued
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Throwable t) {
            return false;
        }
    }
}
