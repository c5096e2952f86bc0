package dev.unclosed.agent.e2e;

import dev.unclosed.scenarios.LeaksWhileRecorded;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Under a flight recording, leaks are events on the recording's timeline, and the tracker's counts are sampled. */
class FlightRecorderIT {

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static List<RecordedEvent> recorded(Jdk jdk, String eventName) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk)
                .jvmOptions("-XX:StartFlightRecording=filename=recording.jfr,dumponexit=true,settings=default")
                .main(LeaksWhileRecorded.class).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as(result.describe()).isZero();
        Path recording = result.directory().resolve("recording.jfr");
        assertThat(recording).as(result.describe()).exists();
        return RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals(eventName))
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void eachLeakIsAnEventWithItsTypeKindSiteStackAndAllocatingThread(Jdk jdk) throws Exception {
        List<RecordedEvent> leaks = recorded(jdk, "dev.unclosed.Leak");

        assertThat(leaks).isNotEmpty();
        String site = "(LeaksWhileRecorded.java:" + SourceMarkers.line(LeaksWhileRecorded.class, "dropped") + ")";
        for (RecordedEvent leak : leaks) {
            assertThat(leak.getString("type")).isEqualTo(FileInputStream.class.getName());
            assertThat(leak.getString("kind")).isEqualTo("gc");
            assertThat(leak.getString("site")).endsWith(site);
            assertThat(leak.getString("stack")).startsWith("java.io.FileInputStream.<init>").contains(site);
            assertThat(leak.getString("allocatingThread")).isEqualTo("main");
        }
        // Counted per finding, one more each leak: the last is the report's count.
        for (int i = 1; i < leaks.size(); i++) {
            assertThat(leaks.get(i).getLong("count")).isEqualTo(leaks.get(i - 1).getLong("count") + 1);
        }
        assertThat(leaks.get(leaks.size() - 1).getLong("count")).isEqualTo(12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theTrackersCountsAreSampledPeriodically(Jdk jdk) throws Exception {
        List<RecordedEvent> statistics = recorded(jdk, "dev.unclosed.Statistics");

        assertThat(statistics).hasSizeGreaterThanOrEqualTo(2);
        RecordedEvent last = statistics.get(statistics.size() - 1);
        assertThat(last.getLong("tracked")).isGreaterThanOrEqualTo(10);
        assertThat(last.getLong("leaked")).isGreaterThanOrEqualTo(1);
        assertThat(last.getLong("closed")).isLessThanOrEqualTo(last.getLong("tracked"));
        assertThat(last.getLong("open")).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutARecordingNoEventClassIsLoaded(Jdk jdk) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).jvmOptions("-Xlog:class+load=info:file=classes.txt")
                .main(LeaksWhileRecorded.class).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();

        String loaded = Files.readString(result.directory().resolve("classes.txt"));
        assertThat(loaded).contains("dev.unclosed.agent.views.Views ");
        assertThat(loaded).doesNotContain("dev.unclosed.agent.views.LeakEvent").doesNotContain("jdk.jfr.Event ")
                .doesNotContain("jdk.jfr.internal.PlatformRecorder ");
        assertThat(result.leakAt(LeaksWhileRecorded.class, "dropped").count()).isEqualTo(12);
    }
}
