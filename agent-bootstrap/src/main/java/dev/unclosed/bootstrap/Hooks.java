package dev.unclosed.bootstrap;

import jdk.internal.vm.annotation.DontInline;

/**
 * The one class that instrumented code calls. It lives on the bootstrap class path so that the JDK's own
 * classes (FileInputStream, Socket, ...) can see it, which is also why it may use nothing but the JDK.
 *
 * <p>Every hook is {@code @DontInline} (honoured because this class is the bootstrap loader's): inlined, the
 * tracker's code would grow the compiled code of every constructor it is called from, past the size up to which
 * the JIT inlines that constructor into its callers (a {@code BufferedReader}'s then was not inlined into the code
 * that creates one, which cost more than the hook itself). A call costs a few nanoseconds.
 *
 * <p>Until the agent installs its {@link Sink}, every hook is a no-op: classes can be instrumented before the
 * tracker is ready. Each hook is one volatile read and, where useful, one cheap filter; the real work, and the
 * guard against errors and recursion, lives in the sink.
 */
public final class Hooks {

    /** What the agent plugs in. Implementations must never throw and must guard against re-entry. */
    public interface Sink {
        /**
         * A constructor of the closeable class {@code declaringClass} starts; the value returned comes back in
         * {@code constructed}, and in {@code nestedSite} calls made by the constructor.
         */
        long constructorEntered(Class<?> declaringClass);

        /** Application code at call site {@code id} is about to run the constructor of {@code created}. */
        void site(int id, Class<?> created);

        /**
         * A constructor that began with {@code enclosingMark} is about to run the constructor of {@code created}:
         * its super or this(...) call, or an object it creates for itself.
         */
        void nestedSite(long enclosingMark, Class<?> created);

        /** The most derived constructor of {@code self} returned normally. */
        void constructed(Object self, long mark, Object argument, Object[] arguments);

        /** {@code close()} of {@code self} is called. */
        void closing(Object self);
    }

    private static volatile Sink sink;

    private Hooks() {
    }

    /**
     * Installs the agent's sink. Fails if this class was not loaded by the bootstrap loader: a second copy on
     * the application class path would receive no calls from the JDK's classes, and leaks would go unseen.
     */
    public static void install(Sink newSink) {
        if (Hooks.class.getClassLoader() != null) {
            throw new IllegalStateException("dev.unclosed.bootstrap.Hooks was loaded by "
                    + Hooks.class.getClassLoader() + ", not by the bootstrap class loader");
        }
        sink = newSink;
    }

    /**
     * The last line of defence: the sink catches and counts its own failures, but a {@code StackOverflowError} in
     * its handler, say, must not reach the application either. Nothing is done here, which cannot fail.
     */
    private static void swallow() {
    }

    @DontInline
    public static long constructorEntered(Class<?> declaringClass) {
        Sink s = sink;
        try {
            return s == null ? 0L : s.constructorEntered(declaringClass);
        } catch (Throwable t) {
            return 0L; // see swallow()
        }
    }

    /**
     * Called by application code right before the {@code invokespecial} of {@code new T(...)}, once the arguments
     * are evaluated, where T is a closeable the agent tracks: the constructor entered next on this thread is T's,
     * and all objects created at this site can share one allocation stack.
     */
    @DontInline
    public static void site(int id, Class<?> created) {
        Sink s = sink;
        if (s != null) {
            try {
                s.site(id, created);
            } catch (Throwable t) {
                swallow();
            }
        }
    }

    /**
     * Called by a tracked class's constructor right before it runs another tracked constructor (its super or
     * this(...) call, or {@code new T(...)} in JDK code): the site of the enclosing construction carries over.
     */
    @DontInline
    public static void nestedSite(long enclosingMark, Class<?> created) {
        Sink s = sink;
        if (s != null) {
            try {
                s.nestedSite(enclosingMark, created);
            } catch (Throwable t) {
                swallow();
            }
        }
    }

    /**
     * Called at the end of every instrumented constructor. Only the most derived class's constructor goes on:
     * the constructors of its superclasses end earlier, while the object is still being built.
     */
    @DontInline
    public static void constructed(Object self, Class<?> declaringClass, long mark) {
        Sink s = sink;
        if (s != null && self.getClass() == declaringClass) {
            try {
                s.constructed(self, mark, null, null);
            } catch (Throwable t) {
                swallow();
            }
        }
    }

    /** As {@link #constructed(Object, Class, long)}, for constructors whose first parameter may be a closeable. */
    @DontInline
    public static void constructedWith(Object self, Class<?> declaringClass, long mark, Object argument) {
        Sink s = sink;
        if (s != null && self.getClass() == declaringClass) {
            try {
                s.constructed(self, mark, argument, null);
            } catch (Throwable t) {
                swallow();
            }
        }
    }

    /** As {@link #constructed(Object, Class, long)}, for constructors with closeable parameters elsewhere. */
    @DontInline
    public static void constructedWithAll(Object self, Class<?> declaringClass, long mark, Object[] arguments) {
        Sink s = sink;
        if (s != null && self.getClass() == declaringClass) {
            try {
                s.constructed(self, mark, null, arguments);
            } catch (Throwable t) {
                swallow();
            }
        }
    }

    @DontInline
    public static void closing(Object self) {
        Sink s = sink;
        if (s != null) {
            try {
                s.closing(self);
            } catch (Throwable t) {
                swallow();
            }
        }
    }
}
