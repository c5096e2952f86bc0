package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.HttpResponseBodies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HttpURLConnection: the JDK keeps each connection's socket for reuse (its keep-alive cache), which is not the
 * user's leak; the body stream it hands out is the user's, to read to the end or close.
 */
class HttpURLConnectionIT {

    /** The stream getInputStream() returns, whichever JDK. */
    private static final String BODY_STREAM = "sun.net.www.protocol.http.HttpURLConnection$HttpInputStream";

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    /** Runs {@link HttpResponseBodies} doing {@code what}, under the agent with its default options. */
    private static AgentRun.Result run(Jdk jdk, String what) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).main(HttpResponseBodies.class, what).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as("errors inside the agent" + result.describe()).isZero();
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void bodiesReadFullyAndClosedLeaveNothingWhileTheJdkKeepsTheirConnectionsOpen(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, "readAndClosed");

        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void bodiesReadToTheirEndButNeverClosedReleasedTheirConnections(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, "readToTheEnd");

        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aHalfReadBodyThatTheUserClosesIsNotReported(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, "halfReadAndClosed");

        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aHalfReadBodyDroppedIsCollectedWithoutCloseAsTheStreamTheUserHeld(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, "halfReadAndDropped");

        Leak dropped = result.leakAt(HttpResponseBodies.class, "dropped");
        assertThat(dropped.type()).isEqualTo(BODY_STREAM);
        assertThat(dropped.kind()).as("Java 17's finalizer that closes the body is not the user's close").isEqualTo(Leak.KIND_GC);
        assertThat(dropped.count()).isEqualTo(1);
        assertThat(dropped.site().methodName()).isEqualTo("halfReadAndDropped");
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }

    @Test
    void aHalfReadBodyDroppedIsTheSameFindingOnEveryJdk() throws Exception {
        List<Leak> found = new ArrayList<>();
        for (Jdk jdk : Jdk.all().toList()) {
            found.add(run(jdk, "halfReadAndDropped").leakAt(HttpResponseBodies.class, "dropped"));
        }

        Leak first = found.get(0);
        assertThat(found).allSatisfy(leak -> {
            assertThat(leak.id()).isEqualTo(first.id());
            assertThat(leak.type()).isEqualTo(first.type());
            assertThat(leak.kind()).isEqualTo(first.kind());
        });
    }
}
