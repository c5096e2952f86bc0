package dev.unclosed.agent.tracking;

import dev.unclosed.bootstrap.TestScopes;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjLongConsumer;

/**
 * Which test each thread is running, as the JUnit module says: tracked objects record it ({@link #current}).
 *
 * <p>A test's scope reaches the threads it starts (an inheritable thread-local) and the tasks it submits to the
 * JDK's executors, captured at submission: a pooled thread outlives the test that started it and runs the tasks of
 * many. The executors are instrumented for this only once a first test starts ({@code onFirstTest}), so a JVM that
 * runs no tests pays nothing. Nothing here is on the tracker's path until then but one volatile read.
 */
public final class RunningTests implements TestScopes.Sink {

    private final InheritableThreadLocal<TestIdentity> current = new InheritableThreadLocal<>();
    /** The test each submitted task was submitted in, by the task's identity; entries go with their tasks. */
    private final Map<TaskKey, TestIdentity> submittedIn = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> forgottenTasks = new ReferenceQueue<>();
    /** The scopes started and not finished, by unique id: the JUnit extension asks for a test's leaks by its id. */
    private final Map<String, TestIdentity> open = new ConcurrentHashMap<>();
    private final Runnable onFirstTest;
    /** Asks for collections until a test's objects are all closed or collected, within a budget in milliseconds. */
    private final ObjLongConsumer<TestIdentity> collectFor;
    private volatile boolean active;

    public RunningTests(Runnable onFirstTest, ObjLongConsumer<TestIdentity> collectFor) {
        this.onFirstTest = onFirstTest;
        this.collectFor = collectFor;
    }

    /** The test running on this thread, or null: outside tests, or before any test started. */
    TestIdentity current() {
        return active ? current.get() : null;
    }

    private record Scope(TestIdentity test, TestIdentity interrupted) {
    }

    @Override
    public Object started(String uniqueId, String displayName, String className, String methodName) {
        try {
            if (!active) {
                startAttributing();
            }
            TestIdentity test = new TestIdentity(uniqueId, displayName, className, methodName);
            open.put(uniqueId, test);
            Scope scope = new Scope(test, current.get());
            current.set(test);
            return scope;
        } catch (Throwable t) {
            return null;
        }
    }

    private synchronized void startAttributing() {
        if (!active) {
            active = true;
            onFirstTest.run();
        }
    }

    @Override
    public void finished(Object token) {
        try {
            if (token instanceof Scope scope) {
                open.remove(scope.test().uniqueId(), scope.test());
                // Scopes nest on a thread (a test within its class, a test a waiting worker took up meanwhile):
                // only the innermost one ends here, and a scope that ended elsewhere leaves this thread alone.
                if (current.get() == scope.test()) {
                    current.set(scope.interrupted());
                }
            }
        } catch (Throwable ignored) {
            // never into the test framework
        }
    }

    @Override
    public void submitted(Object task) {
        if (!active || task == null) {
            return;
        }
        try {
            expungeForgottenTasks();
            TestIdentity test = current.get();
            if (test != null) {
                submittedIn.put(new TaskKey(task, forgottenTasks), test);
            }
        } catch (Throwable ignored) {
            // never into the executor
        }
    }

    /**
     * The scopes that the tasks a worker is running interrupted, innermost last: a worker waiting for one task runs
     * others meanwhile (a ForkJoinPool's join), so tasks nest on a thread.
     */
    private static final class TaskFrames {
        Object[] tasks = new Object[4];
        TestIdentity[] interrupted = new TestIdentity[4];
        int depth;
    }

    private final ThreadLocal<TaskFrames> taskFrames = new ThreadLocal<>();

    @Override
    public void taskStarting(Object task) {
        if (!active || task == null) {
            return;
        }
        try {
            TaskFrames frames = taskFrames.get();
            if (frames == null) {
                frames = new TaskFrames();
                taskFrames.set(frames);
            }
            if (frames.depth == frames.tasks.length) {
                frames.tasks = java.util.Arrays.copyOf(frames.tasks, frames.depth * 2);
                frames.interrupted = java.util.Arrays.copyOf(frames.interrupted, frames.depth * 2);
            }
            frames.tasks[frames.depth] = task;
            frames.interrupted[frames.depth] = current.get();
            frames.depth++;
            // A task submitted outside any test runs outside any test, whatever its pooled thread inherited.
            current.set(submittedIn.get(new TaskKey(task)));
        } catch (Throwable ignored) {
            // never into the executor
        }
    }

    @Override
    public void taskDone(Object task) {
        if (!active || task == null) {
            return;
        }
        try {
            TaskFrames frames = taskFrames.get();
            if (frames == null) {
                return;
            }
            // Normally the innermost; a frame left by a task that ended without its exit hook is dropped on the way.
            for (int i = frames.depth - 1; i >= 0; i--) {
                if (frames.tasks[i] == task) {
                    current.set(frames.interrupted[i]);
                    for (int j = i; j < frames.depth; j++) {
                        frames.tasks[j] = null;
                        frames.interrupted[j] = null;
                    }
                    frames.depth = i;
                    return;
                }
            }
        } catch (Throwable ignored) {
            // never into the executor
        }
    }

    @Override
    public String[] leaksOf(String uniqueId, long waitMillis) {
        try {
            TestIdentity test = open.get(uniqueId);
            if (test == null) {
                return new String[0];
            }
            if (test.open.sum() > 0 && waitMillis > 0) {
                collectFor.accept(test, waitMillis);
            }
            return test.leaks();
        } catch (Throwable t) {
            return new String[0];
        }
    }

    private void expungeForgottenTasks() {
        Object gone;
        while ((gone = forgottenTasks.poll()) != null) {
            submittedIn.remove(gone);
        }
    }

    /**
     * A task by identity, held weakly: a task that never runs (cancelled, its executor dropped) is not kept. A key
     * made only to look up is never queued.
     */
    private static final class TaskKey extends WeakReference<Object> {
        private final int hash;

        TaskKey(Object task, ReferenceQueue<Object> queue) {
            super(task, queue);
            hash = System.identityHashCode(task);
        }

        TaskKey(Object task) {
            super(task);
            hash = System.identityHashCode(task);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof TaskKey key) || key.hash != hash) {
                return false;
            }
            Object task = get();
            return task != null && key.refersTo(task);
        }
    }
}
