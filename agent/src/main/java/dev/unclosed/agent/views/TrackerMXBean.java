package dev.unclosed.agent.views;

import java.util.Map;

/**
 * The agent as JConsole and VisualVM show it, as {@code dev.unclosed:type=Tracker}. An MXBean, so that every client
 * reads plain types (maps as tables) without the agent's classes.
 */
public interface TrackerMXBean {

    /** Closeables tracked since the agent started. */
    long getTracked();

    /** Tracked objects closed. */
    long getClosed();

    /** Tracked objects neither closed nor collected yet, inner layers included. */
    long getOpen();

    /** Leaks reported as collected without close(). */
    long getLeaked();

    /** Objects open now, by type, as the report would name them (outermost owners only). Judges nothing. */
    Map<String, Long> getOpenByType();

    /** Leaks (collected without close()) so far, by type. */
    Map<String, Long> getLeakedByType();

    /** The findings with the most instances, one line each: {@code type xN (kind) at site}. */
    String[] getTopSites();

    /**
     * Writes a complete report now, as {@code report PID} does: the leaks so far and what is open (kind open).
     *
     * @return the absolute path written, or why it was not
     */
    String writeReport(String path);
}
