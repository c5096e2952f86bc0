package dev.unclosed.agent.tracking;

import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.lang.ref.Reference;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDBC objects as a driver makes them, driven through the tracker as instrumented code would: a statement's
 * constructor gets its connection, a result set's its connection and statement. The driver's classes are proxies
 * here, which implement the java.sql interfaces as a driver's classes do.
 */
class JdbcTrackingTest {

    record Reported(String type, String kind, List<String> owns) {
    }

    /** A user's closeable over a statement: holds nothing itself. */
    static final class Query implements Closeable {
        final Statement statement;

        Query(Statement statement) {
            this.statement = statement;
        }

        @Override
        public void close() {
        }
    }

    private final List<Reported> reported = Collections.synchronizedList(new ArrayList<>());
    private final LeakTracker tracker = new LeakTracker(new ResourceRules(name -> false),
            (root, kind, owns) -> reported.add(new Reported(root.type().getName(), kind,
                    owns.stream().map(r -> r.type().getName()).toList())), false, true, 1,
            StackInterner.create(), null);

    private static <T> T driverObject(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(JdbcTrackingTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> null;
                }));
    }

    private Connection connect() {
        long mark = tracker.constructorEntered(null);
        Connection connection = driverObject(Connection.class);
        tracker.constructed(connection, mark, null, null);
        return connection;
    }

    private Statement createStatement(Connection connection) {
        long mark = tracker.constructorEntered(null);
        Statement statement = driverObject(Statement.class);
        tracker.constructed(statement, mark, connection, null);
        return statement;
    }

    private ResultSet executeQuery(Connection connection, Statement statement) {
        long mark = tracker.constructorEntered(null);
        ResultSet resultSet = driverObject(ResultSet.class);
        tracker.constructed(resultSet, mark, null, new Object[] {connection, statement});
        return resultSet;
    }

    private Query query(Statement statement) {
        long mark = tracker.constructorEntered(null);
        Query query = new Query(statement);
        tracker.constructed(query, mark, statement, null);
        return query;
    }

    private static String connectionType() {
        return driverObject(Connection.class).getClass().getName();
    }

    private static String statementType() {
        return driverObject(Statement.class).getClass().getName();
    }

    private void collect() {
        tracker.finalSweep(5_000);
    }

    @Test
    void aConnectionDroppedWithoutCloseIsALeak() {
        connectAndDrop();

        collect();

        assertThat(reported).containsExactly(new Reported(connectionType(), "gc", List.of()));
    }

    private void connectAndDrop() {
        connect();
    }

    @Test
    void aStatementBelongsToTheConnectionThatMadeIt() {
        connectCreateStatementAndDropBoth();

        collect();

        assertThat(reported).containsExactly(new Reported(connectionType(), "gc", List.of(statementType())));
    }

    private void connectCreateStatementAndDropBoth() {
        createStatement(connect());
    }

    @Test
    void closingAConnectionClosesItsStatementsAndResultSets() {
        connectQueryAndCloseOnlyTheConnection();

        collect();

        assertThat(reported).isEmpty();
        assertThat(tracker.closed()).isEqualTo(3);
    }

    private void connectQueryAndCloseOnlyTheConnection() {
        Connection connection = connect();
        Statement statement = createStatement(connection);
        executeQuery(connection, statement);
        tracker.closing(connection);
    }

    @Test
    void aStatementCollectedWhileItsConnectionIsOpenIsNoLeakOnceTheConnectionCloses() {
        Connection connection = connect();
        createStatementAndDrop(connection);
        collect();

        tracker.closing(connection);
        tracker.reportOpenAtExit();

        assertThat(reported).isEmpty();
    }

    private void createStatementAndDrop(Connection connection) {
        createStatement(connection);
    }

    @Test
    void aResultSetBelongsToItsStatementRatherThanItsConnection() {
        Connection connection = connect();
        queryCloseTheStatementAndDropTheResultSet(connection);
        collect();

        tracker.reportOpenAtExit();

        assertThat(reported).as("the result set was released with its statement")
                .containsExactly(new Reported(connectionType(), "exit", List.of()));
        Reference.reachabilityFence(connection);
    }

    private void queryCloseTheStatementAndDropTheResultSet(Connection connection) {
        Statement statement = createStatement(connection);
        executeQuery(connection, statement);
        tracker.closing(statement);
    }

    @Test
    void wrappingAStatementTakesOverNeitherTheStatementNorItsConnection() {
        Connection connection = connect();
        Statement statement = createStatement(connection);
        wrapAndDrop(statement);
        collect();

        tracker.reportOpenAtExit();

        assertThat(reported).containsExactly(new Reported(connectionType(), "exit", List.of(statementType())));
        assertThat(tracker.tracked()).as("the wrapper owns nothing, so it is not tracked").isEqualTo(2);
        Reference.reachabilityFence(statement);
    }

    private void wrapAndDrop(Statement statement) {
        query(statement);
    }
}
