package dev.unclosed.agent.instrument;

import dev.unclosed.agent.AgentPackages;
import dev.unclosed.agent.ApplicationCode;
import dev.unclosed.agent.ClassFiles;
import dev.unclosed.agent.tracking.AgentErrors;
import dev.unclosed.agent.tracking.SiteRegistry;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Instruments the constructors and {@code close()} of every class that implements {@code AutoCloseable}: the
 * application's as they load, and the JDK's already loaded through retransformation (see
 * {@link CloseableTransformer}).
 *
 * <p>After installation, a sweep retransforms any loaded closeable that no transformation reached: the JVM loads
 * some classes while the agent starts, in an order that differs between Java versions, and none may escape.
 */
public final class CloseableInstrumentation {

    private final Instrumentation instrumentation;
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final AtomicLong errors = new AtomicLong(); // not LongAdder: see AgentErrors
    private final boolean debug;
    private final boolean strict;
    /** Where application call sites are registered; null: they are not marked. */
    private final SiteRegistry sites;
    private final ApplicationCode application;

    /** Where failures are counted by kind; shared with the tracker, for one count in the report. */
    private final AgentErrors agentErrors;
    /** The jars' class headers, kept between runs in the {@code cache} directory (in memory only without one). */
    private final HeaderCache headerCache;

    public CloseableInstrumentation(Instrumentation instrumentation, boolean debug, boolean strict, SiteRegistry sites,
                                    ApplicationCode application) {
        this(instrumentation, debug, strict, sites, application, new AgentErrors(null));
    }

    public CloseableInstrumentation(Instrumentation instrumentation, boolean debug, boolean strict, SiteRegistry sites,
                                    ApplicationCode application, AgentErrors agentErrors) {
        this(instrumentation, debug, strict, sites, application, agentErrors, null);
    }

    public CloseableInstrumentation(Instrumentation instrumentation, boolean debug, boolean strict, SiteRegistry sites,
                                    ApplicationCode application, AgentErrors agentErrors, java.io.File headerCacheDirectory) {
        String agent = HeaderCache.agentIdentity(strict);
        int world = HeaderCache.world(agent);
        this.headerCache = new HeaderCache(headerCacheDirectory,
                InstrumentedClassFiles.in(headerCacheDirectory, agent, sites != null, world), world);
        this.agentErrors = agentErrors;
        this.application = application;
        this.instrumentation = instrumentation;
        this.debug = debug;
        this.strict = strict;
        this.sites = sites;
    }

    /**
     * Starts the warm-up (below) on a thread of its own, after {@code first}, so that loading and first running
     * the class file readers overlaps with the rest of the agent's start and with the retransformation of the
     * JDK's classes (most of which come ready from the cache); {@link #install} waits for it before it returns. A
     * start-up cost taken off the application's main thread, not skipped.
     */
    public void startWarmUp(Runnable first) {
        warmUpStarted = true;
        WarmUp warmUp = new WarmUp(first);
        Thread thread = new Thread(warmUp, "unclosed-start");
        thread.setDaemon(true);
        try {
            thread.start();
            warmUpThread = thread;
        } catch (Throwable t) {
            warmUp.run(); // no thread to be had: on this one, as before
        }
    }

    /**
     * Installs the transformer and retransforms the closeable classes loaded so far, each before this returns: the
     * application's first objects must find them instrumented. {@code agentThread} marks a helper thread as the
     * agent's own (what it opens is not tracked).
     */
    public void install(Runnable agentThread) {
        headerCache.writeAtExit();
        if (!warmUpStarted) {
            new WarmUp(NOTHING).run();
        }
        CloseableTransformer transformer = new CloseableTransformer(strict, sites, instrumentation, new Instrumented(),
                new TransformFailed(), new Deferrals(), application, headerCache);
        // What the warm-up loads from here on is left for the last pass below: transforming it on the warm-up's
        // thread could need an ASM class that thread is in the middle of defining.
        transformer.deferLoadsOn(warmUpThread);
        Thread retransformer = new Thread(new RetransformDeferred(), "unclosed-retransform");
        retransformer.setDaemon(true);
        retransformThread = retransformer;
        retransformer.start();
        instrumentation.addTransformer(transformer, true);
        retransformOnTwoThreads(loadedCloseables(), agentThread);
        joinUninterruptibly(warmUpThread);
        transformer.deferLoadsOn(null);
        // A class that finished loading while the first pass ran (on any thread, the warm-up's too), or that failed
        // it, gets a second chance.
        retransform(loadedCloseables());
    }

    /**
     * Retransforms on this thread and one more, each half the classes, when there are two processors and no
     * instrumented copies are kept yet: the transformations (ASM running cold) are then most of the time, and the
     * JVM runs those of distinct classes on their calling threads side by side. With the copies, the JVM's own
     * redefinition is most of it, and one batch costs less than two (each walks every loaded class).
     */
    private void retransformOnTwoThreads(List<Class<?>> classes, Runnable agentThread) {
        InstrumentedClassFiles copies = headerCache.copies();
        if ((copies != null && copies.anyKept()) || classes.size() < 2 * MIN_PER_THREAD
                || Runtime.getRuntime().availableProcessors() < 2) {
            retransform(classes);
            return;
        }
        List<Class<?>> here = new ArrayList<>();
        List<Class<?>> there = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            (i % 2 == 0 ? here : there).add(classes.get(i)); // alternately: each gets its share of the big ones
        }
        Thread helper = new Thread(new Retransform(there, agentThread), "unclosed-start");
        helper.setDaemon(true);
        try {
            helper.start();
        } catch (Throwable t) {
            here.addAll(there);
            helper = null;
        }
        retransform(here);
        joinUninterruptibly(helper);
    }

    /** Fewer classes than this per thread are not worth a thread's start. */
    private static final int MIN_PER_THREAD = 4;

    private static void joinUninterruptibly(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the instrumentation must be in place before the application runs on
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Half of the classes loaded before the agent, retransformed on a helper thread. */
    private final class Retransform implements Runnable {
        private final List<Class<?>> classes;
        private final Runnable agentThread;

        Retransform(List<Class<?>> classes, Runnable agentThread) {
            this.classes = classes;
            this.agentThread = agentThread;
        }

        @Override
        public void run() {
            try {
                agentThread.run();
            } catch (Throwable t) {
                // Only a mark: the retransformation is what matters here.
            }
            retransform(classes);
        }
    }

    private boolean warmUpStarted;
    /** The thread running the warm-up; null if it ran on the caller's. */
    private Thread warmUpThread;

    /** The thread running the warm-up, an agent's thread; null if there is none (not started, or run inline). */
    public Thread warmUpThread() {
        return warmUpThread;
    }

    private static final Runnable NOTHING = new Runnable() {
        @Override
        public void run() {
        }
    };

    /** What first runs on the start thread, then the warm-up, on a throwaway transformer made there. */
    private final class WarmUp implements Runnable {
        private final Runnable first;

        WarmUp(Runnable first) {
            this.first = first;
        }

        @Override
        public void run() {
            try {
                InstrumentedClassFiles copies = headerCache.copies();
                if (copies != null && copies.anyKept()) {
                    copies.readJdkPack();
                }
            } catch (Throwable t) {
                // Read where it is needed, then.
            }
            try {
                first.run();
            } catch (Throwable t) {
                // Its own business; the warm-up goes on.
            }
            try {
                warmUp(new CloseableTransformer(strict, sites == null ? null : new SiteRegistry(), instrumentation,
                        IGNORED, IGNORED, IGNORED, application, null)); // no copies: ASM must run
            } catch (Throwable t) {
                // Only a warm-up: the real transformations report their own failures.
            }
        }
    }

    /**
     * Runs what every transformation runs (on a throwaway transformer) before the real one is installed, so that the
     * JDK classes it needs (class file reading through the JDK's image and the class path, the headers' reading) are
     * loaded by then, not in the middle of another class's loading, where no transformer sees them.
     *
     * <p>Not ASM: headers come from the constant pool, and a JVM whose closeables all come ready from the cache may
     * never rewrite a class (ASM's reader alone took some 4 ms to link). It loads on the first instrumentation
     * instead, and the JDK classes it needs are none that is closeable (a test holds this); should one be, the sweep
     * that follows the first instrumentation finds it.
     */
    private static void warmUp(CloseableTransformer transformer) {
        try {
            // A small JDK class that is no closeable, decided from its headers and its supertypes' like any other,
            // and scanned for constructor calls as the application's classes are.
            byte[] classFile = ClassFiles.read(null, "java/lang/Void.class");
            if (classFile != null) {
                transformer.transform(null, ClassLoader.getSystemClassLoader(), "java/lang/Void", null, null, classFile);
            }
            // And one class file from a jar (the agent's own), the way application classes are read: through its
            // loader's resource. From the bootstrap loader, where the agent usually is, that also has the JDK open
            // what it reads resources from (the agent's jar, in Java, and the runtime image's module readers, held
            // for the JVM's life) here, on the agent's thread: asked first by the application, the JDK would open
            // them as the application's, and strict would report them at its line.
            ClassFiles.read(CloseableInstrumentation.class.getClassLoader(), "dev/unclosed/agent/AgentPackages.class");
        } catch (Throwable t) {
            // Only a warm-up: the real transformations report their own failures.
        }
    }

    // The small classes here are not lambdas: a lambda's first use spins a class at run time (about 0.5 ms each at
    // premain, on the application's main thread), where one of these is one small class read from the jar.

    /** The warm-up transformer's receivers: it only has to run. */
    private static final class Ignored implements Consumer<String>, CloseableTransformer.Deferred {
        @Override
        public void accept(String ignored) {
        }

        @Override
        public void classLoadedDuringTransformation(String className, ClassLoader loader) {
        }
    }

    private static final Ignored IGNORED = new Ignored();

    private final class Instrumented implements Consumer<String> {
        @Override
        public void accept(String className) {
            instrumented(className);
        }
    }

    private final class TransformFailed implements Consumer<String> {
        @Override
        public void accept(String message) {
            transformFailed(message);
        }
    }

    private final class RetransformDeferred implements Runnable {
        @Override
        public void run() {
            retransformDeferred();
        }
    }

    /**
     * A class to retransform once it has loaded. Not a record: a record's {@code equals} and {@code hashCode} link
     * through {@code invokedynamic} on first use, here in the middle of class loading.
     */
    private static final class DeferredClass {
        private final String name;
        private final ClassLoader loader;

        DeferredClass(String name, ClassLoader loader) {
            this.name = name;
            this.loader = loader;
        }

        String name() {
            return name;
        }

        ClassLoader loader() {
            return loader;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DeferredClass d && d.loader == loader
                    && (name == null ? d.name == null : name.equals(d.name));
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(loader) + (name == null ? 0 : name.hashCode());
        }
    }

    /** A request for a sweep of the loaded classes, in the queue of deferred ones. */
    private static final DeferredClass SWEEP = new DeferredClass(null, null);
    /** 1 while a sweep is asked for and not begun. An AtomicInteger: AtomicBoolean works through a var handle. */
    private final AtomicInteger sweepRequested = new AtomicInteger();
    /**
     * What was instrumented, or failed to be and is not tried again, by loader and name: one name can be two classes,
     * in two loaders.
     */
    private final Map<ClassLoader, Set<String>> instrumentedByLoader = new WeakHashMap<>();
    private final Set<String> instrumentedByBootstrap = ConcurrentHashMap.newKeySet();

    private final class Deferrals implements CloseableTransformer.Deferred {
        @Override
        public void classLoadedDuringTransformation(String className, ClassLoader loader) {
            defer(new DeferredClass(className, loader));
            if (debug) {
                System.err.println("unclosed: deferred " + className + ", loaded while another class was being transformed");
            }
        }

        @Override
        public void instrumented(String className, ClassLoader loader) {
            if (loader == null) {
                instrumentedByBootstrap.add(className);
                return;
            }
            synchronized (instrumentedByLoader) { // no lambda: this runs while a class loads
                Set<String> names = instrumentedByLoader.get(loader);
                if (names == null) {
                    names = ConcurrentHashMap.newKeySet();
                    instrumentedByLoader.put(loader, names);
                }
                names.add(className);
            }
        }

        @Override
        public void failed(String className, ClassLoader loader) {
            instrumented(className, loader); // tried once: a sweep leaves it as it is
        }

        @Override
        public void applicationLoaderRan() {
            lastSweepRequest = System.nanoTime(); // before the flag: a pending sweep then waits for this one too
            if (sweepRequested.compareAndSet(0, 1)) {
                defer(SWEEP);
            }
        }
    }

    private boolean instrumented(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        if (loader == null) {
            return instrumentedByBootstrap.contains(c.getName());
        }
        synchronized (instrumentedByLoader) {
            Set<String> names = instrumentedByLoader.get(loader);
            return names != null && names.contains(c.getName());
        }
    }

    /**
     * Retransforms what an application's class loader loaded while it ran inside a transformation: the JVM does not
     * hand such classes to this agent's transformer at all. Looks once the last request is a little while old, so
     * that a burst of class loading costs one look at the loaded classes, not one per class, and the class being
     * defined when a request came has finished loading by then. A request refused because this sweep was pending
     * (the flag still set) moves the look later: otherwise the look could come before that class is loaded, and
     * nothing would look again.
     */
    private void sweep() throws InterruptedException {
        while (true) {
            long wait = lastSweepRequest + SWEEP_DELAY_NANOS - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000 + 1);
                continue;
            }
            sweepRequested.set(0);
            if (System.nanoTime() - lastSweepRequest >= SWEEP_DELAY_NANOS) {
                break; // no request since: any later one finds the flag clear and queues a sweep of its own
            }
            if (!sweepRequested.compareAndSet(0, 1)) {
                return; // a request just queued a sweep of its own
            }
        }
        List<Class<?>> missed = loadedCloseables();
        if (debug && !missed.isEmpty()) {
            System.err.println("unclosed: retransforming " + missed.size() + " classes loaded during transformations: " + missed);
        }
        retransform(missed);
    }

    private static final long SWEEP_DELAY_NANOS = 50_000_000L;
    /** When a sweep was last asked for ({@code System.nanoTime()}). */
    private volatile long lastSweepRequest;

    /**
     * Classes to retransform, and sweeps asked for, taken in no particular order by the retransforming thread, which
     * is woken with {@code unpark}. No lock of ours: classes are added in the middle of class loading, and a lock
     * there could be held by a thread that waits for the very class being loaded (the map's own locks are held for
     * the moment of an update). A set, so one class deferred twice is retransformed once. Not a
     * {@code ConcurrentLinkedQueue}: that one works through var handles, whose first use cost about 4 ms of each
     * JVM's start on Java 25.
     */
    private final Set<DeferredClass> deferred = ConcurrentHashMap.newKeySet();
    private volatile Thread retransformThread;

    private DeferredClass nextDeferred() {
        for (DeferredClass c : deferred) {
            if (deferred.remove(c)) {
                return c;
            }
        }
        return null;
    }

    private void defer(DeferredClass c) {
        deferred.add(c);
        Thread thread = retransformThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Retransforms the classes that loaded while another was being transformed on the same thread, once they have
     * loaded. Without this second chance such a class would never be instrumented, in an order that depends on
     * the JDK version (java.net.Socket on Java 25, with a transformer that skipped them).
     */
    private void retransformDeferred() {
        while (true) {
            DeferredClass next;
            try {
                next = nextDeferred();
                if (next == null) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        return;
                    }
                    continue;
                }
                if (next == SWEEP) {
                    sweep();
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                recordError(AgentErrors.RETRANSFORM, "could not look for classes loaded during transformations: " + t);
                continue;
            }
            try {
                Class<?> c = Class.forName(next.name(), false, next.loader());
                if (isCandidate(c)) {
                    retransform(List.of(c));
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // Never finished loading: nothing to instrument.
            } catch (Throwable t) {
                recordError(AgentErrors.RETRANSFORM, "could not retransform " + next.name() + ": " + t);
            }
        }
    }

    /** Loaded closeable classes not instrumented yet, that instrumentation would touch. */
    private List<Class<?>> loadedCloseables() {
        List<Class<?>> missed = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (isCandidate(c)) {
                missed.add(c);
            }
        }
        return missed;
    }

    /** A loaded class that the transformer would instrument and has not. */
    private boolean isCandidate(Class<?> c) {
        return wouldInstrument(c) && !instrumented(c);
    }

    private boolean wouldInstrument(Class<?> c) {
        return CloseableTransformer.isInstrumentable(c, strict) && !c.isArray() && !c.isSynthetic() && !c.isHidden()
                && !AgentPackages.contains(c.getName()) && instrumentation.isModifiableClass(c);
    }

    private void retransform(List<Class<?>> classes) {
        if (classes.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (Throwable all) {
            // One bad class fails the whole batch: retry one by one, so that only that one is missed.
            for (Class<?> c : classes) {
                try {
                    instrumentation.retransformClasses(c);
                } catch (Throwable t) {
                    recordError(AgentErrors.RETRANSFORM, "could not retransform " + c.getName() + ": " + t);
                }
            }
        }
    }

    /** Names of the classes instrumented so far, for tests and diagnostics. */
    public Set<String> transformedClasses() {
        return Set.copyOf(transformed);
    }

    public long errors() {
        return errors.get();
    }

    private void instrumented(String className) {
        transformed.add(className);
        if (debug) {
            System.err.println("unclosed: instrumented " + className);
        }
    }

    private void transformFailed(String message) {
        recordError(AgentErrors.TRANSFORM, message);
    }

    /** Counts a failure of one of the agent's transformers (this one's, or {@link TaskHandOffs}'s), by kind. */
    public void recordError(String kind, String message) {
        errors.incrementAndGet();
        agentErrors.record(kind, message);
        if (debug) {
            System.err.println("unclosed: " + message);
        }
    }
}
