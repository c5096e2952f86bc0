package dev.unclosed.agent.views;

import dev.unclosed.agent.reporting.Findings;
import dev.unclosed.agent.tracking.LeakTracker;

import java.util.function.UnaryOperator;

/**
 * Starts what people look at while the program runs: JFR events and the JMX bean, on a daemon thread of the agent's
 * own, never in premain, whose time every JVM pays.
 *
 * <p>JFR: once a second (ten times a second for the first three) the thread asks whether the flight recorder is up (one class of jdk.jfr loaded for that,
 * {@code FlightRecorder}); once it is (at start with {@code -XX:StartFlightRecording}, or later through
 * {@code jcmd JFR.start}), the events are installed and the asking stops. Asking the recorder for a listener instead
 * would load some twenty classes of jdk.jfr in every JVM, recorded or not.
 *
 * <p>JMX: the bean is registered once the JVM has run for {@link #JMX_AFTER_MILLIS}. Registering starts the platform
 * MBean server if nothing has yet, some hundreds of classes: a short-lived JVM (a test fork) never pays for that, and
 * nobody attaches JConsole sooner.
 */
public final class Views {

    static final long JMX_AFTER_MILLIS = 1000;
    static final long CHECK_MILLIS = 1000;

    private Views() {
    }

    public static void start(LeakTracker tracker, Findings findings, UnaryOperator<String> reportNow) {
        Thread thread = new Thread(new Setup(tracker, findings, reportNow), "unclosed-views");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Not a lambda: see AgentRuntime. */
    private static final class Setup implements Runnable {
        private final LeakTracker tracker;
        private final Findings findings;
        private final UnaryOperator<String> reportNow;

        Setup(LeakTracker tracker, Findings findings, UnaryOperator<String> reportNow) {
            this.tracker = tracker;
            this.findings = findings;
            this.reportNow = reportNow;
        }

        @Override
        public void run() {
            tracker.markAgentThread();
            long start = System.nanoTime();
            boolean jfrDone = false;
            boolean jmxDone = false;
            try {
                while (!(jfrDone && jmxDone)) {
                    if (!jfrDone) {
                        try {
                            jfrDone = FlightRecorderEvents.installIfRecording(tracker, findings);
                        } catch (Throwable t) {
                            jfrDone = true; // a runtime without jdk.jfr (jlink), or JFR disabled: no events, the rest goes on
                        }
                    }
                    if (!jmxDone && System.nanoTime() - start >= JMX_AFTER_MILLIS * 1_000_000) {
                        jmxDone = true;
                        try {
                            new TrackerBean(tracker, findings, reportNow).register();
                        } catch (Throwable t) {
                            // a runtime without java.management, or a bean of that name already there (a second agent)
                        }
                    }
                    // A recording asked for on the command line starts right after premain: looked for more often then.
                    Thread.sleep(System.nanoTime() - start < 3_000_000_000L ? 100 : CHECK_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
