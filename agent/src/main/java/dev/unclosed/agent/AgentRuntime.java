package dev.unclosed.agent;

import dev.unclosed.agent.instrument.CloseableInstrumentation;
import dev.unclosed.agent.reporting.ExitReport;
import dev.unclosed.agent.reporting.Findings;
import dev.unclosed.agent.reporting.ReportFlusher;
import dev.unclosed.agent.tracking.AgentErrors;
import dev.unclosed.agent.tracking.LeakTracker;
import dev.unclosed.agent.tracking.ResourceRules;
import dev.unclosed.agent.tracking.SiteRegistry;
import dev.unclosed.agent.tracking.StackInterner;
import dev.unclosed.agent.views.Views;
import dev.unclosed.bootstrap.Hooks;
import dev.unclosed.bootstrap.TestScopes;
import dev.unclosed.agent.instrument.TaskHandOffs;
import dev.unclosed.report.AtomicFiles;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Wires the running agent together once the hooks are on the bootstrap class path. */
final class AgentRuntime {

    /** The running agent's report and tracker, for reports asked for on attach; null until it starts. */
    private static volatile ReportNow reportNow;
    private static volatile LeakTracker runningTracker;

    private AgentRuntime() {
    }

    static void start(AgentOptions options, Instrumentation instrumentation, String version) {
        long startNanos = System.nanoTime();
        Instant startedAt = Instant.now();
        ApplicationCode application = ApplicationCode.of(options);
        // Call sites only matter for sharing stacks: without, application classes are left untouched.
        SiteRegistry sites = options.stackDepth() > 0 && options.stackPerSite() ? new SiteRegistry() : null;
        AgentErrors errors = new AgentErrors(System.err);
        CloseableInstrumentation closeables = new CloseableInstrumentation(instrumentation, options.debug(), options.strict(),
                sites, application, errors, options.cacheDirectory());
        // First, so that it runs on the second processor while this thread builds the rest.
        closeables.startWarmUp(new CheckReportPath(options));
        LoadersByClassName loadedClasses = new LoadersByClassName(instrumentation);
        Findings findings = new Findings(options, loadedClasses, new LibraryClasses(loadedClasses, application));
        BootstrapInjection.openJavaBase(instrumentation); // done already, unless the injection fell back
        LeakTracker tracker = new LeakTracker(new ResourceRules(new DeclaredResources(options)), findings,
                options.strict(), options.stackDepth() > 0, options.sample(), StackInterner.create(), sites,
                options.maxTracked(), errors);
        // At once: the warm-up may reach its resource look-up only after the hooks are in (the JDK then opens the
        // agent's jar and its module readers as the warm-up thread's, which must not be tracked).
        tracker.treatAsAgentThread(closeables.warmUpThread());
        ClassFiles.install(new TrackerAgentCode(tracker));
        ExitReport exitReport = new ExitReport(options, tracker, findings, version, startedAt);
        int exitSlot = registerExitHook(new ExitHook(tracker, exitReport));
        rehearseExit(exitReport, tracker);
        tracker.awaitReferenceProcessingWith(new ReferenceProcessing());
        tracker.startReaper();
        TestScopes.install(tracker.attributeToTests(new CarryTestsIntoExecutors(instrumentation, closeables)));
        Hooks.install(tracker);
        closeables.install(new MarkAgentThread(tracker));
        reportNow = new ReportNow(exitReport, tracker);
        runningTracker = tracker;
        if (options.flushIntervalMillis() > 0) {
            new ReportFlusher(exitReport, tracker, options.flushIntervalMillis(), System.err).start();
        }
        Views.start(tracker, findings, new WriteReportNow());
        if (options.debug()) {
            System.err.println("unclosed: started in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms, "
                    + closeables.transformedClasses().size() + " classes instrumented so far, exit report "
                    + (exitSlot >= 0 ? "after the application's shutdown hooks (JDK shutdown slot " + exitSlot + ")"
                    : "as an ordinary shutdown hook"));
        }
    }

    /**
     * A report path that cannot be written is said at start, in one line, not found out when the program ends; the
     * program and the tracking go on (the path may yet become writable). On the start thread, beside the rest of
     * the start (premain waits for it): it touches the file system.
     */
    private static final class CheckReportPath implements Runnable {
        private final AgentOptions options;

        CheckReportPath(AgentOptions options) {
            this.options = options;
        }

        @Override
        public void run() {
            String path = Paths.get(options.reportPath(ProcessId.current())).toAbsolutePath().toString();
            String problem = AtomicFiles.problemWriting(Paths.get(path));
            if (problem != null) {
                System.err.println("unclosed: the report " + path + " " + problem + " (option report=)");
            }
        }
    }

    private static void rehearseExit(ExitReport exitReport, LeakTracker tracker) {
        try {
            Thread thread = new Thread(new RehearseExit(exitReport, tracker), "unclosed-exit-rehearsal");
            thread.setDaemon(true);
            thread.start();
        } catch (Throwable t) {
            // Only a rehearsal: the exit report runs all the same.
        }
    }

    /**
     * The rehearsal waits until the program's start is past: run during premain, it took the processors from the
     * start as much as it saved at exit (measured); a JVM that ends sooner exits as it did without it.
     */
    private static final long REHEARSAL_DELAY_MILLIS = 100;

    /** Runs the exit report once while the program runs (see {@link ExitReport#rehearse}). */
    private static final class RehearseExit implements Runnable {
        private final ExitReport exitReport;
        private final LeakTracker tracker;

        RehearseExit(ExitReport exitReport, LeakTracker tracker) {
            this.exitReport = exitReport;
            this.tracker = tracker;
        }

        @Override
        public void run() {
            tracker.markAgentThread();
            try {
                Thread.sleep(REHEARSAL_DELAY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            exitReport.rehearse();
        }
    }

    /** Marks a helper thread of the start as the agent's own. */
    private static final class MarkAgentThread implements Runnable {
        private final LeakTracker tracker;

        MarkAgentThread(LeakTracker tracker) {
            this.tracker = tracker;
        }

        @Override
        public void run() {
            tracker.markAgentThread();
        }
    }

    /**
     * Writes a complete report to {@code file} now, on a thread of the agent's own (what it opens is not tracked),
     * and waits for it; returns null once written, or why not.
     */
    static synchronized String writeReportNow(String file) {
        ReportNow now = reportNow;
        if (now == null) {
            return "the agent did not start in this JVM";
        }
        now.file = Paths.get(file).toAbsolutePath();
        Thread writer = new Thread(now, "unclosed-report-now");
        writer.setDaemon(true);
        writer.start();
        try {
            writer.join(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while the report was written";
        }
        return writer.isAlive() ? "still writing after 2 minutes" : now.problem;
    }

    /** Writes {@code content} to {@code file} as the agent's own: what it opens is not tracked. */
    static void writeAsAgent(String file, byte[] content) {
        LeakTracker tracker = runningTracker;
        boolean wasInside = tracker != null && tracker.enterAgentCode();
        try {
            UnclosedAgent.writeQuietly(file, content);
        } finally {
            if (tracker != null) {
                tracker.leaveAgentCode(wasInside);
            }
        }
    }

    /** One report written on request, on an agent thread; requests come one at a time (see writeReportNow). */
    private static final class ReportNow implements Runnable {
        private final ExitReport exitReport;
        private final LeakTracker tracker;
        volatile Path file;
        volatile String problem;

        ReportNow(ExitReport exitReport, LeakTracker tracker) {
            this.exitReport = exitReport;
            this.tracker = tracker;
        }

        @Override
        public void run() {
            tracker.markAgentThread();
            try {
                problem = exitReport.writeWhileRunning(file) ? null : "the JVM is exiting; its exit report goes to "
                        + exitReport.path();
            } catch (IOException e) {
                String why = AtomicFiles.problemWriting(file);
                problem = why != null ? "it " + why : AtomicFiles.reason(e);
            } catch (Throwable t) {
                problem = t.toString();
            }
        }
    }

    /**
     * Registers the exit report to run once the application's shutdown hooks are done: the judgment at exit must
     * see what they close (LogManager closes every log file in one) and what they open. An ordinary shutdown hook
     * would run alongside them. Falls back to one if the JDK's shutdown slots cannot be had.
     *
     * @return the JDK shutdown slot taken, or -1 for an ordinary shutdown hook
     */
    private static int registerExitHook(ExitHook exitHook) {
        int slot;
        try {
            slot = ShutdownSlots.registerLast(new AfterApplicationHooks(exitHook));
        } catch (RuntimeException | LinkageError e) {
            slot = -1; // not exported, a JDK without these slots, or shutdown has begun (then so does the fallback)
        }
        if (slot < 0) {
            Runtime.getRuntime().addShutdownHook(exitHook);
        }
        return slot;
    }

    // The small classes below are not lambdas: a lambda's first use spins a class at run time (about 0.5 ms each
    // at premain), where one of these is one small class read from the jar.

    /** Writes the report at JVM shutdown, on a thread whose own objects are not tracked. */
    private static final class ExitHook extends Thread {
        private final LeakTracker tracker;
        private final ExitReport exitReport;

        ExitHook(LeakTracker tracker, ExitReport exitReport) {
            super("unclosed-exit-report");
            this.tracker = tracker;
            this.exitReport = exitReport;
        }

        @Override
        public void run() {
            tracker.markAgentThread();
            exitReport.run(System.err);
        }
    }

    /**
     * Runs in a JDK shutdown slot, on the exiting thread: starts the exit report on a thread of its own, as an
     * ordinary hook would be (marked as the agent's, its stack and interrupt status its own), and waits for it.
     */
    private static final class AfterApplicationHooks implements Runnable {
        private final ExitHook exitHook;

        AfterApplicationHooks(ExitHook exitHook) {
            this.exitHook = exitHook;
        }

        @Override
        public void run() {
            exitHook.start();
            boolean interrupted = false;
            while (true) {
                try {
                    exitHook.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the report is the last thing this JVM does: wait for it all the same
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A report written now for the JMX bean's operation, as for attach: null once written, or why not. */
    private static final class WriteReportNow implements java.util.function.UnaryOperator<String> {
        @Override
        public String apply(String file) {
            return writeReportNow(file);
        }
    }

    /** Tells the tracker that what a thread opens while it reads class files for the agent is the agent's own. */
    private static final class TrackerAgentCode implements ClassFiles.AgentCode {
        private final LeakTracker tracker;

        TrackerAgentCode(LeakTracker tracker) {
            this.tracker = tracker;
        }

        @Override
        public boolean enter() {
            return tracker.enterAgentCode();
        }

        @Override
        public void leave(boolean wasInside) {
            tracker.leaveAgentCode(wasInside);
        }
    }

    private static final class DeclaredResources implements Predicate<String> {
        private final AgentOptions options;

        DeclaredResources(AgentOptions options) {
            this.options = options;
        }

        @Override
        public boolean test(String className) {
            return options.declaresResource(className);
        }
    }

    /** When the first test starts: the executors carry it from the thread that submits a task to the one running it. */
    private static final class CarryTestsIntoExecutors implements Runnable, java.util.function.Consumer<String> {
        private final Instrumentation instrumentation;
        private final CloseableInstrumentation closeables;

        CarryTestsIntoExecutors(Instrumentation instrumentation, CloseableInstrumentation closeables) {
            this.instrumentation = instrumentation;
            this.closeables = closeables;
        }

        @Override
        public void run() {
            TaskHandOffs.install(instrumentation, this);
        }

        @Override
        public void accept(String error) {
            closeables.recordError(AgentErrors.TRANSFORM, error);
        }
    }

    /**
     * Finds a class, and its class loader, by name among the loaded classes. Used only when a leak is reported: to
     * read the site's class file for its fingerprint, and to tell library frames from the application's. Classes are
     * held weakly: this cache sees every class loaded at the first look-up, and must not keep their loaders, or the
     * jars those opened, alive.
     */
    private static final class LoadersByClassName implements Function<String, ClassLoader> {
        private static final WeakReference<Class<?>> NOT_FOUND = new WeakReference<>(null);
        private final Instrumentation instrumentation;
        /** The first class seen of each name; NOT_FOUND for a name not found (not looked for again). */
        private final Map<String, WeakReference<Class<?>>> cache = new HashMap<>();

        LoadersByClassName(Instrumentation instrumentation) {
            this.instrumentation = instrumentation;
        }

        Class<?> classNamed(String name) {
            synchronized (cache) {
                WeakReference<Class<?>> known = cache.get(name);
                if (known == null || (known != NOT_FOUND && known.get() == null)) {
                    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
                        WeakReference<Class<?>> cached = cache.get(c.getName());
                        if (cached == null || cached.get() == null) {
                            cache.put(c.getName(), new WeakReference<>(c));
                        }
                    }
                    known = cache.get(name);
                    if (known == null || known.get() == null) {
                        known = NOT_FOUND; // gone, or never loaded: not looked for again
                        cache.put(name, known);
                    }
                }
                return known.get();
            }
        }

        @Override
        public ClassLoader apply(String name) {
            Class<?> c = classNamed(name);
            if (c == null) {
                return ClassLoader.getSystemClassLoader();
            }
            ClassLoader loader = c.getClassLoader();
            return loader == null ? ClassLoader.getPlatformClassLoader() : loader;
        }
    }

    /** Whether a class, by name, is a library's (see {@link ApplicationCode}); decided once per class. */
    private static final class LibraryClasses implements Predicate<String> {
        private final LoadersByClassName classes;
        private final ApplicationCode application;
        private final Map<String, Boolean> verdicts = new HashMap<>();

        LibraryClasses(LoadersByClassName classes, ApplicationCode application) {
            this.classes = classes;
            this.application = application;
        }

        @Override
        public synchronized boolean test(String name) {
            Boolean library = verdicts.get(name);
            if (library == null) {
                Class<?> c = classes.classNamed(name);
                library = c != null && application.isLibrary(name, c.getProtectionDomain());
                verdicts.put(name, library);
            }
            return library;
        }
    }
}
