package dev.unclosed.agent.e2e;

import com.sun.tools.attach.VirtualMachine;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.ReportFiles;
import dev.unclosed.scenarios.RunsWithoutJmx;
import dev.unclosed.scenarios.WatchedByJmx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's bean, dev.unclosed:type=Tracker, read inside the watched JVM and from another one on the machine. */
class JmxIT {

    private static final String FILE = "java.io.FileInputStream";

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theWatchedJvmsPlatformMBeanServerShowsLeaksAndOpenObjectsByType(Jdk jdk) throws Exception {
        try (RunningJvm jvm = RunningJvm.start(jdk, AgentRun.newWorkDirectory("jmx-"), "report=report.json", WatchedByJmx.class)) {
            assertThat(jvm.awaitLine("leaked ")).isEqualTo("leaked 3");
            assertThat(jvm.awaitLine("openByType ")).isEqualTo("openByType {" + FILE + "=2}");
            assertThat(jvm.awaitLine("leakedByType ")).isEqualTo("leakedByType {" + FILE + "=3}");
            jvm.awaitLine("ready ");
            jvm.send("exit");
            assertThat(jvm.waitFor()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anotherJvmReadsTheBeanThroughLocalAttachAndHasItWriteAReport(Jdk jdk) throws Exception {
        Path dir = AgentRun.newWorkDirectory("jmx-remote-");
        try (RunningJvm jvm = RunningJvm.start(jdk, dir, "report=report.json", WatchedByJmx.class)) {
            jvm.awaitLine("leaked 3");
            jvm.awaitLine("openByType ");
            jvm.awaitLine("leakedByType ");
            jvm.awaitLine("ready ");
            Path written = dir.resolve("now.json").toAbsolutePath();

            VirtualMachine vm = VirtualMachine.attach(Long.toString(jvm.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent(); // local only: no port is opened to the network
            } finally {
                vm.detach();
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection connection = connector.getMBeanServerConnection();
                ObjectName tracker = new ObjectName("dev.unclosed:type=Tracker");

                assertThat(connection.getAttribute(tracker, "Leaked")).isEqualTo(3L);
                assertThat((Long) connection.getAttribute(tracker, "Open")).isGreaterThanOrEqualTo(2L);
                assertThat(((TabularData) connection.getAttribute(tracker, "OpenByType")).size()).isEqualTo(1);
                String[] top = (String[]) connection.getAttribute(tracker, "TopSites");
                assertThat(top).hasSize(1);
                assertThat(top[0]).isEqualTo(FILE + " x3 (gc) at " + WatchedByJmx.class.getName() + ".drop(WatchedByJmx.java:"
                        + SourceMarkers.line(WatchedByJmx.class, "dropped") + ")");
                Object answer = connection.invoke(tracker, "writeReport", new Object[] {written.toString()},
                        new String[] {String.class.getName()});
                assertThat(answer).isEqualTo(written.toString());
            }

            LeakReport report = ReportFiles.read(written);
            assertThat(report.leaks()).extracting(Leak::type, Leak::kind, Leak::count)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(FILE, Leak.KIND_GC, 3L),
                            org.assertj.core.groups.Tuple.tuple(FILE, Leak.KIND_OPEN, 2L));
            jvm.send("exit");
            assertThat(jvm.waitFor()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aJvmThatNeverUsesJmxNeverStartsThePlatformMBeanServer(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).jvmOptions("-Xlog:class+load=info:file=classes.txt")
                .main(RunsWithoutJmx.class).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();

        String loaded = Files.readString(result.directory().resolve("classes.txt"));
        assertThat(loaded).as("the agent looked for an MBean server").contains("javax.management.MBeanServerFactory ");
        assertThat(loaded).doesNotContain("com.sun.jmx.mbeanserver.JmxMBeanServer ")
                .doesNotContain("dev.unclosed.agent.views.TrackerBean ");
        assertThat(result.leakAt(RunsWithoutJmx.class, "held").count()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aJmxClientAttachingToAJvmThatNeverUsedJmxFindsTheBeanWithinSeconds(Jdk jdk) throws Exception {
        try (RunningJvm jvm = RunningJvm.start(jdk, AgentRun.newWorkDirectory("jmx-late-"), "report=report.json",
                RunsWithoutJmx.class, "wait")) {
            jvm.awaitLine("ready ");

            VirtualMachine vm = VirtualMachine.attach(Long.toString(jvm.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent(); // as JConsole does: this starts the platform MBean server
            } finally {
                vm.detach();
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection connection = connector.getMBeanServerConnection();
                ObjectName tracker = new ObjectName("dev.unclosed:type=Tracker");
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!connection.isRegistered(tracker) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }

                assertThat(connection.isRegistered(tracker)).as("registered within 20 s").isTrue();
                TabularData open = (TabularData) connection.getAttribute(tracker, "OpenByType");
                assertThat(open.size()).isEqualTo(1);
                assertThat((Long) connection.getAttribute(tracker, "Open")).isGreaterThanOrEqualTo(2L);
            }
            jvm.send("exit");
            assertThat(jvm.waitFor()).isZero();
        }
    }
}
