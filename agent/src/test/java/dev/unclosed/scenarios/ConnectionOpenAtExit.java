package dev.unclosed.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;

/** A JDBC connection kept in a static field and never closed: still open at exit. */
public class ConnectionOpenAtExit {
    static Connection held;

    public static void main(String[] args) throws Exception {
        held = DriverManager.getConnection("jdbc:h2:mem:held"); // @leak held
        held.createStatement().execute("create table t(id int)");
    }
}
