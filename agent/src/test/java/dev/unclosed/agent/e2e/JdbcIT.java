package dev.unclosed.agent.e2e;

import dev.unclosed.report.Leak;
import dev.unclosed.scenarios.ConnectionClosedWithOpenStatements;
import dev.unclosed.scenarios.ConnectionOpenAtExit;
import dev.unclosed.scenarios.DroppedConnection;
import dev.unclosed.scenarios.StatementDroppedBeforeItsConnectionCloses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDBC connections, statements and result sets are resources; statements and result sets are released with the
 * connection (or statement) that made them. Run against H2, in memory, on the scenario's class path as its jar.
 */
class JdbcIT {

    private static final String H2_CONNECTION = "org.h2.jdbc.JdbcConnection";

    static Stream<Jdk> jdks() {
        return Jdk.all();
    }

    private static AgentRun.Result run(Jdk jdk, Class<?> scenario) throws Exception {
        AgentRun.Result result = AgentRun.on(jdk).classpath(AgentRun.testClasses(), AgentRun.testDependency("/com/h2database/h2/"))
                .main(scenario).run();
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.report().summary().agentErrors()).as("errors inside the agent" + result.describe()).isZero();
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aConnectionDroppedWithoutCloseIsALeakAtTheApplicationsLine(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, DroppedConnection.class);

        Leak connection = result.leakAt(DroppedConnection.class, "connection");
        assertThat(connection.type()).isEqualTo(H2_CONNECTION);
        assertThat(connection.kind()).isEqualTo(Leak.KIND_GC);
        assertThat(connection.count()).isEqualTo(1);
        assertThat(connection.site().methodName()).as("the caller of DriverManager.getConnection, not the driver")
                .isEqualTo("main");
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void closingAConnectionReleasesTheStatementsAndResultSetsItMade(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ConnectionClosedWithOpenStatements.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aStatementCollectedWhileItsConnectionIsOpenIsNoLeakOnceTheConnectionCloses(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, StatementDroppedBeforeItsConnectionCloses.class);

        assertThat(result.leaks()).as(result.summary()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aConnectionLeftOpenIsOpenAtExit(Jdk jdk) throws Exception {
        AgentRun.Result result = run(jdk, ConnectionOpenAtExit.class);

        Leak held = result.leakAt(ConnectionOpenAtExit.class, "held");
        assertThat(held.type()).isEqualTo(H2_CONNECTION);
        assertThat(held.kind()).isEqualTo(Leak.KIND_EXIT);
        assertThat(held.count()).isEqualTo(1);
        assertThat(result.leaks()).as(result.summary()).hasSize(1);
    }
}
