package dev.unclosed.agent.views;

import dev.unclosed.agent.reporting.Findings;
import dev.unclosed.agent.tracking.LeakTracker;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

import java.util.List;

/**
 * Emits {@code dev.unclosed.Leak} as leaks are found and {@code dev.unclosed.Statistics} periodically, once the JVM's
 * flight recorder is up (see {@link Views}). Until then the event classes are not even loaded, and Findings has no one
 * to tell.
 */
final class FlightRecorderEvents implements FlightRecorderListener, Findings.LeakEvents, Runnable {

    private final LeakTracker tracker;
    private final Findings findings;

    private FlightRecorderEvents(LeakTracker tracker, Findings findings) {
        this.tracker = tracker;
        this.findings = findings;
    }

    /** Installs the events if the flight recorder is up; returns whether it was. */
    static boolean installIfRecording(LeakTracker tracker, Findings findings) {
        if (!FlightRecorder.isInitialized()) {
            return false;
        }
        FlightRecorder.addListener(new FlightRecorderEvents(tracker, findings)); // calls recorderInitialized at once
        return true;
    }

    @Override
    public void recorderInitialized(FlightRecorder recorder) {
        FlightRecorder.addPeriodicEvent(StatisticsEvent.class, this);
        findings.tellEvents(this);
    }

    /** The periodic statistics; runs on JFR's thread. */
    @Override
    public void run() {
        try {
            StatisticsEvent event = new StatisticsEvent();
            if (event.shouldCommit()) {
                event.tracked = tracker.tracked();
                event.open = tracker.open();
                event.closed = tracker.closed();
                event.leaked = findings.leaked();
                event.commit();
            }
        } catch (RuntimeException e) {
            // a sample missed; JFR's thread, and the recording, go on
        }
    }

    /**
     * Under Findings' lock, on the thread that judged the leak: once no recording runs, one check. Never throws into
     * the judgment, which goes on to the object's owners.
     */
    @Override
    public void leaked(Leak finding, List<Frame> stack, long count, String thread) {
        try {
            LeakEvent event = new LeakEvent();
            if (!event.shouldCommit()) {
                return;
            }
            event.type = finding.type();
            event.kind = finding.kind();
            event.site = finding.site() == null ? null : finding.site().toString();
            StringBuilder frames = new StringBuilder();
            for (Frame frame : stack) {
                frames.append(frames.length() == 0 ? "" : "\n").append(frame);
            }
            event.stack = frames.toString();
            event.owns = String.join(", ", finding.owns());
            event.count = count;
            event.allocatingThread = thread;
            event.id = finding.id();
            event.commit();
        } catch (RuntimeException e) {
            // an event missed; the report still has the leak
        }
    }
}
