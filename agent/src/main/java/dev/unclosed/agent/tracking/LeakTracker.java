package dev.unclosed.agent.tracking;

import dev.unclosed.bootstrap.Hooks;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Watches every closeable from construction to close or collection. It is the {@link Hooks.Sink} that the
 * instrumented constructors and close methods call, so it is on the hot path: it takes no global lock, captures
 * the allocation stack in raw form only, and leaves decoding to the moment a leak is reported.
 * It never throws: a failure inside is counted and swallowed, so the application never sees it.
 */
public final class LeakTracker implements Hooks.Sink {

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final LiveSet live;
    private final ResourceRules rules;
    private final OwnershipGraph ownership;
    private final boolean strict;
    private final boolean captureStacks;
    private final int sample;
    /** Not withInitial(ThreadState::new): that spins a class at start (see SharedStackReported). */
    private final ThreadLocal<ThreadState> threads = new ThreadLocal<>() {
        @Override
        protected ThreadState initialValue() {
            ThreadState state = new ThreadState();
            state.agentThread = Thread.currentThread() == startedBefore;
            return state;
        }
    };
    /** The agent's thread that started before this tracker was made (see {@link #treatAsAgentThread}); or null. */
    private volatile Thread startedBefore;
    private final StackInterner stacks;
    /** Call sites whose objects share one stack; null when each object keeps its own ({@code stacks=object}). */
    private final SiteRegistry sites;
    private final ClassLoaderJars classLoaderJars = new ClassLoaderJars();

    private final AgentErrors errors;
    /** Constructions not tracked because {@code maxTracked} objects were open and tracked already. */
    private final AtomicLong untracked = new AtomicLong();
    /** The classes of every object ever tracked, so that closing one of another class looks nothing up. */
    private final TrackedClasses trackedClasses = new TrackedClasses();
    private volatile boolean capSaid;

    private volatile Thread reaper;
    /** Waits until the JDK has enqueued what a collection found ({@link #awaitReferenceProcessingWith}); may be null. */
    private volatile java.util.function.BooleanSupplier referenceProcessing;
    /** Which test runs where; null until {@link #attributeToTests} (set before the hooks are installed). */
    private RunningTests tests;

    public LeakTracker(ResourceRules rules, LeakListener listener, boolean strict, boolean captureStacks, int sample,
                       StackInterner stacks, SiteRegistry sites) {
        this(rules, listener, strict, captureStacks, sample, stacks, sites, Integer.MAX_VALUE, new AgentErrors(null));
    }

    /**
     * @param maxTracked open objects tracked at most: beyond, new ones are only counted ({@link #untracked}), so that
     *                   the agent's memory stays bounded whatever the application keeps open
     */
    public LeakTracker(ResourceRules rules, LeakListener listener, boolean strict, boolean captureStacks, int sample,
                       StackInterner stacks, SiteRegistry sites, int maxTracked, AgentErrors errors) {
        this.errors = errors;
        this.live = new LiveSet(maxTracked);
        boolean faults = Faults.ACTIVE; // initialized here, at start, not in the middle of some class's loading
        this.stacks = stacks;
        this.sites = sites;
        this.rules = rules;
        this.ownership = new OwnershipGraph(listener, strict, sites == null ? NO_SITES : new SharedStackReported(sites));
        this.strict = strict;
        this.captureStacks = captureStacks;
        this.sample = sample;
    }

    private static final IntConsumer NO_SITES = new IntConsumer() {
        @Override
        public void accept(int site) {
        }
    };

    /** Not a method reference: its class would be spun at start-up, where every millisecond counts. */
    private static final class SharedStackReported implements IntConsumer {
        private final SiteRegistry sites;

        SharedStackReported(SiteRegistry sites) {
            this.sites = sites;
        }

        @Override
        public void accept(int site) {
            sites.sharedStackReported(site);
        }
    }

    /** This thread's state, or null (counted as an error) if even that failed, say for lack of memory. */
    private ThreadState threadState() {
        try {
            return threads.get();
        } catch (Throwable t) {
            errors.record(AgentErrors.TRACKER, t);
            return null;
        }
    }

    /**
     * The mark: this thread's record sequence, with the call site announced for this very constructor, if any. A
     * site is announced right before the constructor runs and names its class, so the next constructor entered
     * on this thread either is that one or (the announced class was not instrumented) drops the announcement.
     */
    @Override
    public long constructorEntered(Class<?> declaringClass) {
        try {
            ThreadState thread = threads.get();
            int site = thread.pendingSite;
            if (site == 0) {
                return thread.sequence;
            }
            thread.pendingSite = 0;
            Class<?> expected = thread.pendingClass;
            thread.pendingClass = null;
            return SiteRegistry.markOf(thread.sequence, expected == declaringClass ? site : 0, thread.pendingNested);
        } catch (Throwable t) {
            errors.record(AgentErrors.TRACKER, t);
            return 0L;
        }
    }

    @Override
    public void site(int id, Class<?> created) {
        try {
            ThreadState thread = threads.get();
            thread.pendingSite = id;
            thread.pendingClass = created;
            thread.pendingNested = false;
        } catch (Throwable t) {
            errors.record(AgentErrors.TRACKER, t);
        }
    }

    @Override
    public void nestedSite(long enclosingMark, Class<?> created) {
        try {
            ThreadState thread = threads.get();
            int site = SiteRegistry.siteOf(enclosingMark);
            thread.pendingSite = site;
            thread.pendingClass = site == 0 ? null : created;
            thread.pendingNested = true;
        } catch (Throwable t) {
            errors.record(AgentErrors.TRACKER, t);
        }
    }

    @Override
    public void constructed(Object self, long mark, Object argument, Object[] arguments) {
        ThreadState thread = threadState();
        if (thread == null || thread.busy || thread.agentThread) {
            return;
        }
        thread.busy = true;
        try {
            if (Faults.ACTIVE) {
                Faults.constructed(self);
            }
            track(thread, self, mark, argument, arguments);
        } catch (Throwable t) {
            errors.record(AgentErrors.TRACKER, t);
        } finally {
            thread.busy = false;
        }
    }

    private void track(ThreadState thread, Object self, long siteAndMark, Object argument, Object[] arguments) {
        long mark = SiteRegistry.sequenceOf(siteAndMark);
        ResourceRules.Kind kind = rules.kindOf(self.getClass());
        if (kind.ignored()) {
            return;
        }
        boolean holdsResource = rules.holdsResource(self, kind);
        // A class loader owns nothing yet: it opens its jars later, and is tracked from here to own them then.
        boolean opensLater = classLoaderJars.opensJarsLater(self);
        if (!strict && !holdsResource && !opensLater && SiteRegistry.nested(siteAndMark) && !kind.canBeOwnedByArgument()
                && thread.sequence == mark) {
            // Built by a JDK constructor for itself, holding nothing, with nothing made since it began (an
            // InputStreamReader's StreamDecoder): never tracked, as below, so its arguments are not even looked up.
            return;
        }
        // What this object took over: closeables passed to its constructor, and those its constructor created.
        TrackedResource parent = null;
        TrackedResource[] claimed = null;
        int claimedCount = 0;
        if (argument != null || arguments != null) {
            int n = arguments == null ? 1 : arguments.length;
            for (int i = 0; i < n; i++) {
                Object arg = arguments == null ? argument : arguments[i];
                if (!(arg instanceof AutoCloseable) || arg == self
                        || (!strict && rules.kindOf(arg.getClass()).resourceFreeLeaf())) {
                    continue; // never tracked, so not worth a look-up
                }
                TrackedResource candidate = live.find(arg, System.identityHashCode(arg));
                if (candidate == null) {
                    continue;
                }
                TrackedResource temporary = candidate.owner;
                if (temporary != null && !candidate.viewOfOwner && madeDuringConstructor(thread, temporary, mark)
                        && !temporary.refersTo(self)) { // not this object itself, tracked by a this(...) constructor
                    // Passed to this constructor, then wrapped by a temporary it made for itself (GZIPInputStream's
                    // CheckedInputStream over its argument while reading the header): the argument is this
                    // object's, not the temporary's, which is dropped long before anyone closes the argument.
                    temporary.disown(candidate);
                }
                if (kind.ownedBy(arg) || (kind.closedWithOwner() && kind.madeBy(rules.kindOf(arg.getClass())))) {
                    // A statement belongs to its connection even when that has an owner of its own; a result set
                    // given its statement and its connection, to the statement, the narrower of the two.
                    if (kind.closedWithOwner() ? parent == null || isAncestorOrSelf(parent, candidate) : candidate.owner == null) {
                        parent = candidate;
                    }
                    continue;
                }
                // Wrapping a view (Scanner over a FileInputStream's channel) takes over what the view belongs to.
                for (int depth = 0; candidate.owner != null && candidate.viewOfOwner && depth < 8; depth++) {
                    candidate = candidate.owner;
                }
                if (candidate.owner == null && !contains(claimed, claimedCount, candidate)) {
                    claimed = add(claimed, claimedCount++, candidate);
                }
            }
        }
        if (!kind.view()) {
            long from = Math.max(mark, thread.sequence - ThreadState.RECENT);
            for (long s = from; s < thread.sequence; s++) {
                TrackedResource candidate = thread.logged(s);
                if (candidate != null && candidate.refersTo(self)) {
                    return; // tracked already, by the constructor this one delegated to with this(...)
                }
                if (candidate != null && candidate.owner == null && candidate.isOpen() && !contains(claimed, claimedCount, candidate)) {
                    claimed = add(claimed, claimedCount++, candidate);
                }
            }
        }
        if (!strict && !holdsResource && claimedCount == 0 && parent == null && !opensLater) {
            return; // holds nothing: never reported, so never tracked
        }
        if (!strict && !holdsResource && parent == null && !opensLater && SiteRegistry.nested(siteAndMark)) {
            // Built by a JDK constructor for itself and holding nothing (an InputStreamReader's StreamDecoder): the
            // enclosing object takes over what this one would have, since it was made during its constructor too.
            return;
        }
        if (sample > 1 && claimedCount == 0 && parent == null && !opensLater && ++thread.sampleCounter % sample != 0) {
            return;
        }
        if (live.full(System.identityHashCode(self))) {
            // Counted, not tracked: each record costs memory, and the agent must never be what runs the heap out.
            untracked.incrementAndGet();
            if (!capSaid) {
                capSaid = true;
                System.err.println("unclosed: maxTracked objects are open and tracked; further ones are only counted"
                        + " (summary.untracked in the report) until some are closed or collected");
            }
            return;
        }
        Throwable stack = allocationStack(thread, siteAndMark, claimed, claimedCount);
        TestIdentity test = tests == null ? null : tests.current();
        TrackedResource record = new TrackedResource(self, queue, System.identityHashCode(self), holdsResource,
                stack, thread.stackShared, SiteRegistry.siteOf(siteAndMark), Thread.currentThread().getName(), thread.sequence,
                test);
        record.closedWithOwner = kind.closedWithOwner();
        trackedClasses.mark(self.getClass()); // before the record is published: see closing()
        if (!live.add(record, self)) {
            return; // already tracked: a constructor that delegated to another of its class with this(...)
        }
        if (test != null) {
            test.open.increment();
        }
        for (int i = 0; i < claimedCount; i++) {
            // Never take over what this object itself belongs to: ownership must not form a cycle.
            if (claimed[i].owner == null && !isAncestorOrSelf(claimed[i], parent)) {
                record.adopt(claimed[i], false);
            }
        }
        if (parent != null && parent.isOpen()) {
            // Only a true view hands on what it belongs to; an inner object (a ZipFile's entry stream) does not:
            // a wrapper over an entry stream never takes over the ZipFile, which its opener closes. Nor does a
            // statement: wrapping one takes over neither the statement nor its connection.
            parent.adopt(record, kind.view() && !kind.closedWithOwner());
        }
        thread.log(record);
        if (parent == null) {
            classLoaderJars.tracked(self, record);
        }
    }

    /**
     * The allocation stack in raw form, and in {@code thread.stackShared} whether it is the call site's shared stack
     * (see {@link SiteRegistry}) rather than this object's own. An object that claimed something its own
     * constructor created reuses that object's own capture: the frames from its constructor outward are the same,
     * and decoding starts at its constructor. Any own capture is shared with every earlier capture of the same path.
     */
    private Throwable allocationStack(ThreadState thread, long siteAndMark, TrackedResource[] claimed, int claimedCount) {
        thread.stackShared = false;
        if (!captureStacks) {
            return null;
        }
        SiteRegistry.Site site = sites == null ? null : sites.get(SiteRegistry.siteOf(siteAndMark));
        if (site != null) {
            Throwable shared = site.shared();
            if (shared != null) {
                thread.stackShared = true;
                return shared;
            }
        }
        Throwable stack = null;
        long mark = SiteRegistry.sequenceOf(siteAndMark);
        for (int i = 0; i < claimedCount && stack == null; i++) {
            TrackedResource child = claimed[i];
            // Only a child's own capture: a shared one holds the callers of another object of the child's site.
            if (child.allocation != null && !child.sharedStack && madeDuringConstructor(thread, child, mark)) {
                stack = child.allocation;
            }
        }
        if (stack == null) {
            stack = stacks.intern(new Throwable());
        }
        if (site != null && !SiteRegistry.nested(siteAndMark)) {
            site.learn(stack); // objects of the announced class only: what they build for themselves has other frames
        }
        return stack;
    }

    /**
     * Whether {@code record} was created by this thread since the constructor with this mark began: sequence numbers
     * are per thread, so the log must still hold the record itself, or it may come from another thread.
     */
    private static boolean madeDuringConstructor(ThreadState thread, TrackedResource record, long mark) {
        return record.threadSequence >= mark && thread.logged(record.threadSequence) == record;
    }

    private static boolean isAncestorOrSelf(TrackedResource candidate, TrackedResource of) {
        for (int depth = 0; of != null && depth < 64; depth++, of = of.owner) {
            if (of == candidate) {
                return true;
            }
        }
        return false;
    }

    private static TrackedResource[] add(TrackedResource[] array, int count, TrackedResource r) {
        if (array == null) {
            array = new TrackedResource[4];
        } else if (count == array.length) {
            array = java.util.Arrays.copyOf(array, count * 2);
        }
        array[count] = r;
        return array;
    }

    private static boolean contains(TrackedResource[] array, int count, TrackedResource r) {
        for (int i = 0; i < count; i++) {
            if (array[i] == r) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void closing(Object self) {
        ThreadState thread = threadState();
        if (thread == null || thread.busy) {
            return;
        }
        thread.busy = true;
        try {
            if (Faults.ACTIVE) {
                Faults.closing(self);
            }
            if (!trackedClasses.mayHold(self.getClass())) {
                return; // no object of its class was ever tracked: no identity hash to make, no stripe to lock
            }
            boolean cleanup = thread.runsCleanup();
            TrackedResource record = live.remove(self, System.identityHashCode(self), !cleanup);
            if (record != null && cleanup) {
                // A finalizer or a Cleaner closing what was dropped unclosed: the collector found it unreachable,
                // so it is collected without close, now, even if the JDK keeps it a while longer (Java 17 hands a
                // dropped HTTP body from its finalizer to a thread that drains it).
                ownership.collected(record);
                settledForTest(record);
            } else if (record != null) {
                markClosed(record, 0);
            }
        } catch (Throwable t) {
            errors.record(AgentErrors.TRACKER, t);
        } finally {
            thread.busy = false;
        }
    }

    /**
     * Marks a record closed, and with it what is released with it (the statements of a closed connection, their
     * result sets), whether or not the driver calls their close(); one that the collector took first is settled by
     * the ownership graph. Resources that were collected under it while it was open are judged now.
     */
    private void markClosed(TrackedResource record, int depth) {
        record.state = TrackedResource.CLOSED; // counted closed by the live set, which it was just removed from
        if (record.test != null) {
            record.test.open.decrement();
        }
        if (record.closesOwned && depth < 8) {
            for (TrackedResource child : record.owned()) {
                if (child.closedWithOwner && live.remove(child, true)) {
                    markClosed(child, depth + 1);
                }
            }
        }
        if (record.waitedOn) {
            ownership.ownerClosed(record);
        }
    }

    /**
     * From now until {@link #leaveAgentCode}, what this thread constructs or closes is the agent's own (a class file
     * it reads while a class loads), never the application's. Returns whether the thread was in agent code
     * already, to be handed back.
     */
    public boolean enterAgentCode() {
        ThreadState thread = threadState();
        if (thread == null) {
            return true;
        }
        boolean wasBusy = thread.busy;
        thread.busy = true;
        return wasBusy;
    }

    public void leaveAgentCode(boolean wasInside) {
        if (!wasInside) {
            ThreadState thread = threadState();
            if (thread != null) {
                thread.busy = false;
            }
        }
    }

    /**
     * Marks a thread of the agent's that started before this tracker (the start's warm-up, which runs beside it) as
     * the agent's own: nothing it constructs is tracked, however late it gets to it. Called before anything can ask
     * this tracker about that thread.
     */
    public void treatAsAgentThread(Thread thread) {
        startedBefore = thread;
    }

    /** Marks the calling thread as the agent's own: nothing it constructs is tracked. */
    public void markAgentThread() {
        threads.get().agentThread = true;
    }

    /**
     * How to wait, after {@code System.gc()}, until the JDK's Reference Handler has enqueued what the collection found:
     * without it the sweeps below wait fixed times, which a loaded machine can outlast.
     */
    public void awaitReferenceProcessingWith(java.util.function.BooleanSupplier waitForReferenceProcessing) {
        referenceProcessing = waitForReferenceProcessing;
    }

    /** After {@code System.gc()}: until the references it found are enqueued; whether they are (false: not known). */
    private boolean awaitReferenceProcessing() {
        java.util.function.BooleanSupplier waiting = referenceProcessing;
        return waiting != null && waiting.getAsBoolean();
    }

    /**
     * From now on each tracked object records the test running when it was made; {@code onFirstTest} runs when the
     * first test starts. Returns what the JUnit module's calls go to.
     */
    public RunningTests attributeToTests(Runnable onFirstTest) {
        tests = new RunningTests(onFirstTest, new CollectFor());
        return tests;
    }

    /** Not a method reference: see {@link SharedStackReported}. */
    private final class CollectFor implements java.util.function.ObjLongConsumer<TestIdentity> {
        @Override
        public void accept(TestIdentity test, long budgetMillis) {
            collectFor(test, budgetMillis);
        }
    }

    /**
     * Asks for collections and handles what they find, on the calling thread beside the reaper, until every object
     * of {@code test} is closed or collected and judged, or the budget is spent: a test that just ended learns what it
     * dropped unclosed, whichever thread handles the collected objects.
     */
    void collectFor(TestIdentity test, long budgetMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        while (test.open.sum() > 0 && System.nanoTime() < deadline) {
            System.gc();
            awaitReferenceProcessing();
            drain(Math.min(10, remainingMillis(deadline)));
        }
    }

    /** Starts the daemon thread that turns collected, unclosed objects into {@code gc} leaks. */
    public void startReaper() {
        Thread thread = new Thread(new Reaper(), "unclosed-reaper");
        thread.setDaemon(true);
        thread.start();
        reaper = thread;
    }

    /** Not a lambda, like SharedStackReported. */
    private final class Reaper implements Runnable {
        @Override
        public void run() {
            markAgentThread();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Reference<?> reference = queue.remove(1000);
                    if (reference != null) {
                        reaped((TrackedResource) reference);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable t) {
                    errors.record(AgentErrors.REAPER, t);
                }
            }
        }
    }

    private void reaped(TrackedResource record) {
        if (live.remove(record, false)) {
            if (Faults.ACTIVE) {
                Faults.reaped();
            }
            ownership.collected(record);
            settledForTest(record);
        }
    }

    /** A test's object was collected and judged: one fewer for {@link RunningTests#leaksOf} to wait for. */
    private static void settledForTest(TrackedResource record) {
        if (record.test != null) {
            record.test.open.decrement();
        }
    }

    /**
     * The bounded final sweep at exit: asks for collections and drains the queue until nothing more arrives or
     * the budget is spent, so the leaks of the last moments are reported as {@code gc}, not {@code exit}.
     */
    public void finalSweep(long budgetMillis) {
        Thread r = reaper;
        if (r != null) {
            r.interrupt();
            try {
                r.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        int quietRounds = 0;
        // Nothing open that could be reported, nothing to find: a JVM that closed everything pays nothing at exit.
        while (budgetMillis > 0 && anyOpenMayBeReported() && System.nanoTime() < deadline && quietRounds < 2) {
            System.gc();
            // Once the JDK has enqueued all that the collection found, the queue is complete: nothing is left to
            // wait for. A fixed wait instead cost every JVM that ends with something open (a test fork) 100 ms.
            int drained = drain(awaitReferenceProcessing() ? 0 : Math.min(50, remainingMillis(deadline)));
            quietRounds = drained == 0 ? quietRounds + 1 : 0;
        }
        drain(0);
    }

    /**
     * Whether something open would be reported if the collector found it unreachable. What the JDK holds for its
     * own life never is, nor what such an object owns (unless strict): the pooled /dev/urandom streams behind
     * SecureRandom, which {@code UUID.randomUUID} and {@code File.createTempFile} open, stay open in most test JVMs,
     * and a sweep for them alone cost each of those JVMs two full collections at exit (about 45 ms on Java 25).
     */
    boolean anyOpenMayBeReported() {
        return strict ? live.size() > 0 : live.any(MAY_BE_REPORTED);
    }

    /**
     * Judged by the root the exit report would name it under (a closed owner no longer carries it). Not a lambda: it
     * first runs at exit, where a lambda's first use spins a class.
     */
    private static final Predicate<TrackedResource> MAY_BE_REPORTED = new Predicate<>() {
        @Override
        public boolean test(TrackedResource record) {
            return !ResourceRules.isHeldByJdk(OwnershipGraph.outermostAtExit(record).type);
        }
    };

    private int drain(long waitMillis) {
        int drained = 0;
        try {
            Reference<?> reference = waitMillis > 0 ? queue.remove(waitMillis) : queue.poll();
            while (reference != null) {
                reaped((TrackedResource) reference);
                drained++;
                reference = queue.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            errors.record(AgentErrors.REAPER, t);
        }
        return drained;
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** After the final sweep: reports what is still open and nobody's part as {@code exit} leaks. */
    public void reportOpenAtExit() {
        ownership.exit(live.snapshot());
    }

    /** While the program runs: tells {@code into} what is open now, as {@code open}, judging nothing. */
    public void reportOpenNow(LeakListener into) {
        ownership.openNow(live.snapshot(), into);
    }

    public long tracked() {
        return live.added();
    }

    public long closed() {
        return live.closed();
    }

    /** Tracked objects neither closed nor collected yet, inner layers included (for JFR and JMX, not the hot path). */
    public int open() {
        return live.size();
    }

    public long errors() {
        return errors.total();
    }

    /** The agent's failures, by kind; the instrumentation records its own here too. */
    public AgentErrors agentErrors() {
        return errors;
    }

    public long untracked() {
        return untracked.get();
    }
}
