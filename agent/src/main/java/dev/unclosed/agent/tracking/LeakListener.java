package dev.unclosed.agent.tracking;

import java.util.List;

/** Receives each leak once, as its outermost unclosed owner. Called under the tracker's judgment lock. */
public interface LeakListener {

    /**
     * @param root  the object the user should have closed
     * @param kind  {@code gc} or {@code exit}
     * @param owned what it held, outermost first, down to the innermost unclosed resource
     */
    void leaked(TrackedResource root, String kind, List<TrackedResource> owned);
}
