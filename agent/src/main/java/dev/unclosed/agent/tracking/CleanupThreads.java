package dev.unclosed.agent.tracking;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

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

    /** Linked when this class is initialized (with the tracker), not inside a hook while classes may be loading. */
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Predicate<StackWalker.StackFrame> CLEANUP_FRAME = f -> {
        String c = f.getClassName();
        return (c.equals(CLEANER_LOOP) && f.getMethodName().equals("run"))
                || (c.equals(FINALIZER) && f.getMethodName().equals("runFinalizer"));
    };
    private static final Function<Stream<StackWalker.StackFrame>, Boolean> UNDER_CLEANUP =
            frames -> frames.anyMatch(CLEANUP_FRAME);

    /** Walks once, so that the walk's classes and lambdas are linked before the first close hook needs them. */
    static void link() {
        WALKER.walk(UNDER_CLEANUP);
    }

    /** Whether the current thread runs finalizers or Cleaner actions. Costs a stack walk: ask once per thread. */
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
        return WALKER.walk(UNDER_CLEANUP);
    }
}
