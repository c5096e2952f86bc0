package dev.unclosed.agent.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A test, or a test class's own lifecycle ({@code methodName} null), as the JUnit module names it: what tracked
 * objects record as the test that was running when they were made.
 */
public final class TestIdentity {

    /** The most leak descriptions one test keeps for its failure message; counts go on beyond. */
    private static final int KEPT_DESCRIPTIONS = 20;

    private final String uniqueId;
    private final String displayName;
    private final String className;
    private final String methodName;
    /** Objects tracked in this test and not closed yet: a test that left none open is never waited for. */
    final LongAdder open = new LongAdder();
    /** What it leaked (collected without close), described for a failure message. Guarded by {@code this}. */
    private final List<String> leaks = new ArrayList<>(0);

    public TestIdentity(String uniqueId, String displayName, String className, String methodName) {
        this.uniqueId = uniqueId;
        this.displayName = displayName;
        this.className = className;
        this.methodName = methodName;
    }

    public String uniqueId() {
        return uniqueId;
    }

    public String displayName() {
        return displayName;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** Called when an object made in this test was found collected without close. */
    public synchronized void leaked(String description) {
        if (leaks.size() < KEPT_DESCRIPTIONS) {
            leaks.add(description);
        }
    }

    synchronized String[] leaks() {
        return leaks.toArray(new String[0]);
    }

    @Override
    public String toString() {
        return uniqueId;
    }
}
