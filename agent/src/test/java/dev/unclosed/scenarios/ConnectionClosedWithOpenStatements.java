package dev.unclosed.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Statements and result sets never closed, but their connection is: closing it releases them (as JDBC says),
 * though H2 does not call their close().
 */
public class ConnectionClosedWithOpenStatements {
    public static void main(String[] args) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:closed");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select 1");
        rows.next();
        PreparedStatement prepared = connection.prepareStatement("select ?");
        prepared.setInt(1, 2);
        ResultSet preparedRows = prepared.executeQuery();
        preparedRows.next();
        connection.close();
    }
}
