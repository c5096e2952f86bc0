package dev.unclosed.agent.tracking;

import dev.unclosed.bootstrap.Hooks;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Watches every closeable from construction to close or collection. It is the {@link Hooks.Sink} that the
 * instrumented constructors and close methods call, so it is on the hot path: it takes no global lock, captures
 * the allocation stack in raw form only, and leaves decoding to the moment a leak is reported.
 * It never throws: a failure inside is counted and swallowed, so the application never sees it.
 */
public final class LeakTracker implements Hooks.Sink {

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final LiveSet live = new LiveSet();
    private final ResourceRules rules;
    private final OwnershipGraph ownership;
    private final boolean strict;
    private final boolean captureStacks;
    private final int sample;
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);
    private final StackInterner stacks;
    /** Call sites whose objects share one stack; null when each object keeps its own ({@code stacks=object}). */
    private final SiteRegistry sites;

    private final LongAdder tracked = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder errors = new LongAdder();

    private volatile Thread reaper;

    public LeakTracker(ResourceRules rules, LeakListener listener, boolean strict, boolean captureStacks, int sample,
                       StackInterner stacks, SiteRegistry sites) {
        this.stacks = stacks;
        this.sites = sites;
        this.rules = rules;
        this.ownership = new OwnershipGraph(listener, strict);
        this.strict = strict;
        this.captureStacks = captureStacks;
        this.sample = sample;
    }

    /** This thread's state, or null (counted as an error) if even that failed, say for lack of memory. */
    private ThreadState threadState() {
        try {
            return threads.get();
        } catch (Throwable t) {
            errors.increment();
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
            return SiteRegistry.markOf(thread.sequence, expected == declaringClass ? site : 0);
        } catch (Throwable t) {
            errors.increment();
            return 0L;
        }
    }

    @Override
    public void site(int id, Class<?> created) {
        try {
            ThreadState thread = threads.get();
            thread.pendingSite = id;
            thread.pendingClass = created;
        } catch (Throwable t) {
            errors.increment();
        }
    }

    @Override
    public void nestedSite(long enclosingMark, Class<?> created) {
        try {
            ThreadState thread = threads.get();
            int site = SiteRegistry.siteOf(enclosingMark);
            thread.pendingSite = site;
            thread.pendingClass = site == 0 ? null : created;
        } catch (Throwable t) {
            errors.increment();
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
            track(thread, self, mark, argument, arguments);
        } catch (Throwable t) {
            errors.increment();
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
                if (kind.ownedBy(arg)) {
                    if (candidate.owner == null) {
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
        boolean holdsResource = rules.holdsResource(self, kind);
        if (!strict && !holdsResource && claimedCount == 0 && parent == null) {
            return; // holds nothing: never reported, so never tracked
        }
        if (sample > 1 && claimedCount == 0 && parent == null && ++thread.sampleCounter % sample != 0) {
            return;
        }
        TrackedResource record = new TrackedResource(self, queue, System.identityHashCode(self), holdsResource,
                allocationStack(thread, siteAndMark, claimed, claimedCount), Thread.currentThread().getName(), thread.sequence);
        if (!live.add(record, self)) {
            return; // already tracked: a constructor that delegated to another of its class with this(...)
        }
        for (int i = 0; i < claimedCount; i++) {
            // Never take over what this object itself belongs to: ownership must not form a cycle.
            if (claimed[i].owner == null && !isAncestorOrSelf(claimed[i], parent)) {
                record.adopt(claimed[i], false);
            }
        }
        if (parent != null && parent.isOpen()) {
            parent.adopt(record, true);
        }
        thread.log(record);
        tracked.increment();
    }

    /**
     * The allocation stack in raw form. An object created at a call site shares the site's stack, captured by the
     * site's first object. Otherwise, an object that claimed something its own constructor created reuses that
     * capture: the frames from its constructor outward are the same, and decoding starts at its constructor. Any
     * capture is shared with every earlier capture of the same code path.
     */
    private Throwable allocationStack(ThreadState thread, long siteAndMark, TrackedResource[] claimed, int claimedCount) {
        if (!captureStacks) {
            return null;
        }
        SiteRegistry.Site site = sites == null ? null : sites.get(SiteRegistry.siteOf(siteAndMark));
        if (site != null) {
            Throwable shared = site.get();
            if (shared != null) {
                return shared;
            }
        }
        Throwable stack = null;
        long mark = SiteRegistry.sequenceOf(siteAndMark);
        for (int i = 0; i < claimedCount && stack == null; i++) {
            TrackedResource child = claimed[i];
            // Created by this thread since this constructor began: sequence numbers are per thread, so the log
            // must still hold the child itself, or it may come from another thread with the same number.
            if (child.threadSequence >= mark && thread.logged(child.threadSequence) == child && child.allocation != null) {
                stack = child.allocation;
            }
        }
        if (stack == null) {
            stack = stacks.intern(new Throwable());
        }
        if (site != null && !underStaticInitializer() && !site.compareAndSet(null, stack)) {
            stack = site.get(); // another thread published first: share its capture
        }
        return stack;
    }

    /**
     * Whether a static initializer is running on this thread. A capture made under one is not shared with the
     * site's later objects: the report leaves such objects alone at exit (held for the JVM's lifetime by design),
     * and would leave alone every later object of the site too. Asked once per site, when its stack is first shared.
     */
    private static boolean underStaticInitializer() {
        return StackWalker.getInstance().walk(ANY_STATIC_INITIALIZER);
    }

    /** Linked once, when the tracker is created: a lambda first linked in a hook could run while classes load. */
    private static final Predicate<StackWalker.StackFrame> STATIC_INITIALIZER = f -> "<clinit>".equals(f.getMethodName());
    private static final Function<Stream<StackWalker.StackFrame>, Boolean> ANY_STATIC_INITIALIZER =
            frames -> frames.anyMatch(STATIC_INITIALIZER);

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
            TrackedResource record = live.remove(self, System.identityHashCode(self));
            if (record != null) {
                record.state = TrackedResource.CLOSED;
                closed.increment();
                if (record.deferredBelow) {
                    ownership.ownerClosed(record);
                }
            }
        } catch (Throwable t) {
            errors.increment();
        } finally {
            thread.busy = false;
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

    /** Marks the calling thread as the agent's own: nothing it constructs is tracked. */
    public void markAgentThread() {
        threads.get().agentThread = true;
    }

    /** Starts the daemon thread that turns collected, unclosed objects into {@code gc} leaks. */
    public void startReaper() {
        Thread thread = new Thread(() -> {
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
                    errors.increment();
                }
            }
        }, "unclosed-reaper");
        thread.setDaemon(true);
        thread.start();
        reaper = thread;
    }

    private void reaped(TrackedResource record) {
        if (live.remove(record)) {
            ownership.collected(record);
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
        // Nothing open, nothing to find: a JVM that closed everything pays nothing at exit.
        while (budgetMillis > 0 && live.size() > 0 && System.nanoTime() < deadline && quietRounds < 2) {
            System.gc();
            int drained = drain(Math.min(50, remainingMillis(deadline)));
            quietRounds = drained == 0 ? quietRounds + 1 : 0;
        }
        drain(0);
    }

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
            errors.increment();
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

    public long tracked() {
        return tracked.sum();
    }

    public long closed() {
        return closed.sum();
    }

    public long errors() {
        return errors.sum();
    }
}
