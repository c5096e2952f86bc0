package dev.unclosed.scenarios;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A statement and its result set dropped unclosed and collected while their connection is open; the connection
 * is closed afterwards, which releases them.
 */
public class StatementDroppedBeforeItsConnectionCloses {
    public static void main(String[] args) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:kept");
        WeakReference<Statement> dropped = queryAndDrop(connection);
        for (int i = 0; i < 500 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        if (dropped.get() != null) {
            throw new IllegalStateException("the statement was not collected");
        }
        Thread.sleep(300); // the agent's reaper judges what was collected, on a thread of its own
        connection.close();
    }

    private static WeakReference<Statement> queryAndDrop(Connection connection) throws Exception {
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select 1");
        rows.next();
        return new WeakReference<>(statement);
    }
}
