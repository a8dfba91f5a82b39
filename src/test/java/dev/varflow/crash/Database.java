package dev.varflow.crash;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fresh database on the machine's PostgreSQL for one test, and plain JDBC queries against it. */
final class Database {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private final String name;

    private Database(String name) {
        this.name = name;
    }

    static Database create(String name) throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "postgres");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        return new Database(name);
    }

    String reactiveUrl() {
        return "postgresql://127.0.0.1:5432/" + name;
    }

    String jdbcUrl() {
        return SERVER + name;
    }

    long count(String sql) throws SQLException {
        try (Connection conn = connect(); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** First column as key, second as a count, e.g. {@code SELECT status, count(*) ... GROUP BY status}. */
    Map<String, Long> counts(String sql) throws SQLException {
        Map<String, Long> result = new LinkedHashMap<>();
        try (Connection conn = connect(); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getLong(2));
            }
        }
        return result;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }
}
