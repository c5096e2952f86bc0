package dev.unclosed.bootstrap;

/**
 * Which test is running, for the agent to record with each object it tracks. The unclosed JUnit module calls the
 * test methods below as tests start and finish; the JDK's executors, once the first test starts, call the task
 * methods so that a task runs in the test that submitted it, not in whatever test its pooled thread ran before.
 *
 * <p>Like {@link Hooks}, this class is on the bootstrap class path and uses nothing but the JDK: the JUnit module
 * finds it there only when the agent is loaded, and the JDK's executor classes can see it. Until the agent installs
 * its {@link Sink}, every method does nothing.
 */
public final class TestScopes {

    /** What the agent plugs in. Implementations must never throw. */
    public interface Sink {
        /**
         * A test (or a test class's own lifecycle, {@code methodName} null) starts on this thread; what it creates here,
         * in threads it starts and in tasks it submits belongs to it until {@link #finished}. Returns a token for
         * {@link #finished}.
         */
        Object started(String uniqueId, String displayName, String className, String methodName);

        /** The scope {@code token} came from ends on this thread: the one it interrupted is current again. */
        void finished(Object token);

        /** A task was handed to an executor on this thread: it will run in this thread's current test. */
        void submitted(Object task);

        /** A worker starts {@code task}: it runs in the test it was submitted in, until {@link #taskDone}. */
        void taskStarting(Object task);

        /** {@code task} is done (normally or not): the worker's scope before it is current again. */
        void taskDone(Object task);

        /**
         * Describes, one per entry, what the test with this unique id created and that was collected without
         * close, after asking for a collection and waiting at most {@code waitMillis} for it.
         */
        String[] leaksOf(String uniqueId, long waitMillis);
    }

    private static volatile Sink sink;

    private TestScopes() {
    }

    /** Installs the agent's sink; fails unless this class is the bootstrap loader's (see {@link Hooks#install}). */
    public static void install(Sink newSink) {
        if (TestScopes.class.getClassLoader() != null) {
            throw new IllegalStateException("dev.unclosed.bootstrap.TestScopes was loaded by "
                    + TestScopes.class.getClassLoader() + ", not by the bootstrap class loader");
        }
        sink = newSink;
    }

    /** Whether an agent is listening. */
    public static boolean installed() {
        return sink != null;
    }

    public static Object started(String uniqueId, String displayName, String className, String methodName) {
        Sink s = sink;
        return s == null ? null : s.started(uniqueId, displayName, className, methodName);
    }

    public static void finished(Object token) {
        Sink s = sink;
        if (s != null) {
            s.finished(token);
        }
    }

    public static String[] leaksOf(String uniqueId, long waitMillis) {
        Sink s = sink;
        return s == null ? new String[0] : s.leaksOf(uniqueId, waitMillis);
    }

    /** Called by the JDK's task constructors and {@code ThreadPoolExecutor.execute}, once instrumented. */
    public static void submitted(Object task) {
        Sink s = sink;
        if (s != null) {
            s.submitted(task);
        }
    }

    /** Called by {@code ForkJoinTask.doExec} on entry, once instrumented; {@link #taskDone} on return. */
    public static void taskStarting(Object task) {
        Sink s = sink;
        if (s != null) {
            s.taskStarting(task);
        }
    }

    public static void taskDone(Object task) {
        Sink s = sink;
        if (s != null) {
            s.taskDone(task);
        }
    }

    /**
     * Runs a pooled thread's task in the test that submitted it: {@code ThreadPoolExecutor.runWorker} calls this in
     * place of {@code task.run()}, once instrumented.
     */
    public static void run(Runnable task) {
        Sink s = sink;
        if (s == null) {
            task.run();
            return;
        }
        s.taskStarting(task);
        try {
            task.run();
        } finally {
            s.taskDone(task);
        }
    }
}
