package dev.unclosed.agent.tracking;

/**
 * Per-thread tracking state: a re-entry guard, and a short log of the closeables this thread created most
 * recently, from which an object claims the ones created while its constructor ran. Only its own thread
 * touches it, so it needs no lock.
 */
final class ThreadState {

    static final int RECENT = 64;

    /** Set while the agent works on this thread: what the agent itself opens is never tracked. */
    boolean busy;
    /** The agent's own threads (reaper, exit report) are never tracked at all. */
    boolean agentThread;
    /** How many records this thread has logged; the next one gets this number. */
    long sequence;
    final TrackedResource[] recent = new TrackedResource[RECENT];
    /** Counts resource allocations for {@code sample=N}. */
    long sampleCounter;
    /** Whether this thread runs finalizers or Cleaner actions ({@link CleanupThreads}): 0 until its first close. */
    private byte cleanup;
    /** The call site announced for the next constructor entered on this thread (0: none), and its class. */
    int pendingSite;
    Class<?> pendingClass;
    /** Whether the pending site was passed on by an enclosing constructor rather than announced by a call site. */
    boolean pendingNested;
    /** Set by the tracker for the record being made: whether its stack is its site's shared one. */
    boolean stackShared;

    /** Whether a close on this thread comes from a finalizer or a Cleaner, decided at the thread's first close. */
    boolean runsCleanup() {
        byte c = cleanup;
        if (c == 0) {
            cleanup = c = CleanupThreads.isCurrent() ? (byte) 1 : (byte) -1;
        }
        return c > 0;
    }

    void log(TrackedResource record) {
        recent[(int) (sequence & (RECENT - 1))] = record;
        sequence++;
    }

    /** The record logged as number {@code s}, or null if it has been overwritten since. */
    TrackedResource logged(long s) {
        TrackedResource r = recent[(int) (s & (RECENT - 1))];
        return r != null && r.threadSequence == s ? r : null;
    }
}
