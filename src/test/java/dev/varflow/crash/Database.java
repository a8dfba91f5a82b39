package dev.varflow.crash;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fresh database on a PostgreSQL server (the machine's by default) for one test, and plain JDBC queries. */
final class Database {

    private final int port;
    private final String name;

    private Database(int port, String name) {
        this.port = port;
        this.name = name;
    }

    static Database create(String name) throws SQLException {
        return create(5432, name);
    }

    /** Drops and creates database {@code name} on the server at 127.0.0.1:{@code port}. */
    static Database create(int port, String name) throws SQLException {
        Database db = new Database(port, name);
        try (Connection admin = DriverManager.getConnection(db.server() + "postgres", "postgres", "postgres");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        return db;
    }

    private String server() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/";
    }

    String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + name;
    }

    String jdbcUrl() {
        return server() + name;
    }

    /** First column of every row. */
    java.util.List<String> strings(String sql) throws SQLException {
        java.util.List<String> result = new java.util.ArrayList<>();
        try (Connection conn = connect(); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
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
