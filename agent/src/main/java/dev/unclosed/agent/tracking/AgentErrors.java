package dev.unclosed.agent.tracking;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own failures, swallowed so that the application never sees them: counted, by kind with the first
 * message of each, and said once per kind on stderr (the report may never be read, and a silent agent that stopped
 * tracking misleads). Recording allocates only for a kind's first message, so it works even out of memory: the
 * kinds are fixed and made at start, and the total is counted before anything else.
 */
public final class AgentErrors {

    /** An exception in a constructor or close() hook. */
    public static final String TRACKER = "tracker";
    /** An exception while judging or reporting a collected object. */
    public static final String REAPER = "reaper";
    /** A class that could not be instrumented as it loaded. */
    public static final String TRANSFORM = "transform";
    /** A loaded class that could not be retransformed. */
    public static final String RETRANSFORM = "retransform";
    /** The agent's own work ran out of memory, wherever it was. */
    public static final String OUT_OF_MEMORY = "outOfMemory";

    private static final String[] KINDS = {TRACKER, REAPER, TRANSFORM, RETRANSFORM, OUT_OF_MEMORY};

    /** One kind: how often, and the first message. */
    public static final class Kind {
        private final String name;
        private final AtomicLong count = new AtomicLong();
        private volatile String firstMessage;

        private Kind(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public long count() {
            return count.get();
        }

        public String firstMessage() {
            return firstMessage;
        }
    }

    // Not LongAdder: its first use loads and links the JDK's var handles (about 2 ms of start on Java 25); errors
    // are rare, and an AtomicLong counts through Unsafe.
    private final AtomicLong total = new AtomicLong();
    private final Kind[] kinds = new Kind[KINDS.length];
    private final PrintStream err;

    /** Says each kind's first error on {@code err}; null says nothing (unit tests). */
    public AgentErrors(PrintStream err) {
        this.err = err;
        for (int i = 0; i < KINDS.length; i++) {
            kinds[i] = new Kind(KINDS[i]);
        }
    }

    public void record(String kind, Throwable error) {
        total.incrementAndGet();
        try {
            Kind k = kindOf(error instanceof OutOfMemoryError ? OUT_OF_MEMORY : kind);
            k.count.incrementAndGet();
            if (k.firstMessage == null) {
                first(k, String.valueOf(error));
            }
        } catch (Throwable again) {
            // Out of memory once more, say: the total has counted it.
        }
    }

    public void record(String kind, String message) {
        total.incrementAndGet();
        try {
            Kind k = kindOf(kind);
            k.count.incrementAndGet();
            if (k.firstMessage == null) {
                first(k, message);
            }
        } catch (Throwable again) {
            // The total has counted it.
        }
    }

    private Kind kindOf(String name) {
        for (Kind k : kinds) {
            if (k.name.equals(name)) {
                return k;
            }
        }
        return kinds[0];
    }

    private void first(Kind k, String message) {
        synchronized (k) { // once per kind, so never on a hot path
            if (k.firstMessage != null) {
                return;
            }
            k.firstMessage = message;
        }
        if (err != null) {
            err.println("unclosed: an error inside the agent (" + k.name + ") was swallowed, the application goes on;"
                    + " findings may be incomplete. Further ones are only counted in the report: " + message);
            err.flush();
        }
    }

    public long total() {
        return total.get();
    }

    /** The kinds that occurred, in a fixed order. */
    public List<Kind> kinds() {
        List<Kind> seen = new ArrayList<>();
        for (Kind k : kinds) {
            if (k.count() > 0) {
                seen.add(k);
            }
        }
        return seen;
    }
}
