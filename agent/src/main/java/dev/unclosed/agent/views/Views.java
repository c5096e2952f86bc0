package dev.unclosed.agent.views;

import dev.unclosed.agent.reporting.Findings;
import dev.unclosed.agent.tracking.LeakTracker;

import java.util.function.UnaryOperator;
import javax.management.MBeanServerFactory;

/**
 * Starts what people look at while the program runs: JFR events and the JMX bean, on a daemon thread of the agent's
 * own, never in premain, whose time every JVM pays.
 *
 * <p>JFR: once a second (ten times a second for the first three) the thread asks whether the flight recorder is up (one class of jdk.jfr loaded for that,
 * {@code FlightRecorder}); once it is (at start with {@code -XX:StartFlightRecording}, or later through
 * {@code jcmd JFR.start}), the events are installed and the asking stops. Asking the recorder for a listener instead
 * would load some twenty classes of jdk.jfr in every JVM, recorded or not. The first look waits {@link
 * #FIRST_LOOK_MILLIS}: a recording asked for on the command line starts after premain (some 700 ms after, here), so
 * a look while the agent starts never finds one, and costs the start the classes it loads; a JVM that is done
 * within that time loads none of jdk.jfr.
 *
 * <p>JMX: the bean is registered in the platform MBean server once something in the JVM uses JMX, that is once an
 * MBean server exists (looked for once a second, from the JVM's first second on): registering would otherwise start
 * the platform MBean server, some 860 classes and 0.2 to 0.4 s of CPU, in every JVM, test forks included. JConsole,
 * VisualVM or any JMX client attaching starts that server, and finds the bean within a second.
 */
public final class Views {

    static final long FIRST_LOOK_MILLIS = 100;
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

    /**
     * Whether anything in this JVM uses JMX yet: an MBean server exists (the platform one, once the application, a
     * framework, {@code -Dcom.sun.management.jmxremote} or an attaching JConsole asked for it). Asking loads one small
     * class of java.management; starting the platform server would load some 860.
     */
    static boolean jmxInUse() {
        return !MBeanServerFactory.findMBeanServer(null).isEmpty();
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
            long nextJmxCheck = JMX_AFTER_MILLIS * 1_000_000;
            try {
                Thread.sleep(FIRST_LOOK_MILLIS);
                while (!(jfrDone && jmxDone)) {
                    if (!jfrDone) {
                        try {
                            jfrDone = FlightRecorderEvents.installIfRecording(tracker, findings);
                        } catch (Throwable t) {
                            jfrDone = true; // a runtime without jdk.jfr (jlink), or JFR disabled: no events, the rest goes on
                        }
                    }
                    long now = System.nanoTime() - start;
                    if (!jmxDone && now >= nextJmxCheck) {
                        nextJmxCheck = now + CHECK_MILLIS * 1_000_000;
                        try {
                            if (jmxInUse()) {
                                jmxDone = true;
                                new TrackerBean(tracker, findings, reportNow).register();
                            }
                        } catch (Throwable t) {
                            // a runtime without java.management, or a bean of that name already there (a second agent)
                            jmxDone = true;
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
