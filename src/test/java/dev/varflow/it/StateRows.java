package dev.varflow.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

/** Reads and plants rows of the state store over JDBC, for tests that drive the gate's processor directly. */
final class StateRows {

    private StateRows() {
    }

    static Connection database() throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return DriverManager.getConnection(url, "postgres", "");
    }

    /** A RUNNING run row the live gate never hears of (no records are published for it). */
    static String insertRun(long workflowId, String workflowName) throws SQLException {
        String runId = UUID.randomUUID().toString();
        try (Connection conn = database(); PreparedStatement insert = conn.prepareStatement(
                "INSERT INTO runs (id, workflow_id, workflow_name, status) VALUES (?, ?, ?, 'RUNNING')")) {
            insert.setString(1, runId);
            insert.setLong(2, workflowId);
            insert.setString(3, workflowName);
            insert.executeUpdate();
        }
        return runId;
    }

    /** The task's state, null when it has no row (never claimed). */
    static String taskState(String runId, String task) throws SQLException {
        return one("SELECT state FROM task_runs WHERE run_id = ? AND task = ?", runId, task);
    }

    static String runStatus(String runId) throws SQLException {
        return one("SELECT status FROM runs WHERE id = ?", runId);
    }

    static String variable(String runId, String name) throws SQLException {
        return one("SELECT value FROM run_variables WHERE run_id = ? AND name = ?", runId, name);
    }

    /** Task name -> attempts started, for every claimed task of the run. */
    static Map<String, Integer> attempts(String runId) throws SQLException {
        try (Connection conn = database(); PreparedStatement query = conn.prepareStatement(
                "SELECT task, attempts FROM task_runs WHERE run_id = ?")) {
            query.setString(1, runId);
            try (ResultSet rows = query.executeQuery()) {
                Map<String, Integer> attempts = new HashMap<>();
                while (rows.next()) {
                    attempts.put(rows.getString(1), rows.getInt(2));
                }
                return attempts;
            }
        }
    }

    private static String one(String sql, String... params) throws SQLException {
        try (Connection conn = database(); PreparedStatement query = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setString(i + 1, params[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
