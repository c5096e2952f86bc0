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

    /** Returns whether it waited for anything; false also when the JDK's API is out of reach. */
    @Override
    public boolean getAsBoolean() {
        try {
            return SharedSecrets.getJavaLangRefAccess().waitForReferenceProcessing();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Throwable t) {
            return false;
        }
    }
}
