package dev.unclosed.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;

/** A JDBC connection (H2, in memory) dropped without close(): it holds a session and keeps the database open. */
public class DroppedConnection {
    public static void main(String[] args) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:dropped"); // @leak connection
        connection.isValid(1);
    }
}
