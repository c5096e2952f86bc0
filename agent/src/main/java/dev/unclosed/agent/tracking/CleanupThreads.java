package dev.unclosed.agent.tracking;


/**
 * The JVM's threads that run finalizers and Cleaner actions. A {@code close()} called there was not the
 * application's: it comes from the garbage collector's safety net, after the object became unreachable unclosed
 * (a JDK {@code finalize()} that closes its stream, a Cleaner action that closes what it holds), so it must not
 * count as a close. Without this rule, whether such a leak is reported would depend on whether the JDK at hand
 * still has that finalizer, and on whether it ran before or after the reaper judged the owner.
 *
 * <p>A thread's role never changes (these threads run their loop for life), so it is decided once per thread, at
 * its first close, and kept in its {@link ThreadState}: the close path pays one field read.
 */
final class CleanupThreads {

    /** The Finalizer thread, and the Reference Handler, which runs the JDK's internal cleaners. */
    private static final String FINALIZER_THREAD = "java.lang.ref.Finalizer$FinalizerThread";
    private static final String REFERENCE_HANDLER = "java.lang.ref.Reference$ReferenceHandler";
    /** {@code System.runFinalization} runs finalizers on a new thread of this name (a plain Thread). */
    private static final String SECONDARY_FINALIZER = "Secondary finalizer";
    /** A Cleaner's thread whatever its factory made: CleanerImpl is the Runnable it was created with. */
    private static final String CLEANER_LOOP = "jdk.internal.ref.CleanerImpl";
    private static final String FINALIZER = "java.lang.ref.Finalizer";

    private CleanupThreads() {
    }

    /**
     * Whether the current thread runs finalizers or Cleaner actions. Costs a look at the stack: ask once per thread.
     * The stack is taken as a Throwable's, not with StackWalker, whose streams and lambdas would have to be linked
     * at start-up (a lambda first linked inside a hook could run while classes load): about 10 ms of every JVM's
     * start, for a look that most JVMs never take.
     */
    static boolean isCurrent() {
        Thread thread = Thread.currentThread();
        String type = thread.getClass().getName();
        if (type.equals(FINALIZER_THREAD) || type.equals(REFERENCE_HANDLER)) {
            return true;
        }
        // Every Cleaner's thread is a daemon (CleanerImpl.start makes it one), so the threads of most applications
        // never walk their stack. Virtual threads are daemons too, but a Cleaner on one is not worth a walk per
        // virtual thread.
        if ((!thread.isDaemon() || type.equals("java.lang.VirtualThread")) && !SECONDARY_FINALIZER.equals(thread.getName())) {
            return false;
        }
        for (StackTraceElement frame : new Throwable().getStackTrace()) {
            String c = frame.getClassName();
            if ((c.equals(CLEANER_LOOP) && frame.getMethodName().equals("run"))
                    || (c.equals(FINALIZER) && frame.getMethodName().equals("runFinalizer"))) {
                return true;
            }
        }
        return false;
    }
}
