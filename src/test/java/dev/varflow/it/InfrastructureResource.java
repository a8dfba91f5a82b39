package dev.varflow.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.varflow.infra.EmbeddedKafka;

/**
 * Real infrastructure for integration tests: a KRaft broker in this JVM and a fresh database on the PostgreSQL
 * at 127.0.0.1:5432 (override with VARFLOW_TEST_PG_HOST/PORT), dropped afterwards.
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private static final String HOST = System.getenv().getOrDefault("VARFLOW_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("VARFLOW_TEST_PG_PORT", "5432");

    private EmbeddedKafka kafka;
    private String database;

    @Override
    public Map<String, String> start() {
        try {
            kafka = EmbeddedKafka.start();
            database = "varflow_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute("CREATE DATABASE " + database);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test infrastructure: " + e.getMessage(), e);
        }
        String url = "postgresql://" + HOST + ":" + PORT + "/" + database;
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.jdbc.url", "jdbc:" + url,
                "quarkus.http.test-port", "0");
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (database != null) {
            try {
                execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // A leftover test database is harmless.
            }
        }
    }

    static void execute(String sql) throws SQLException {
        try (Connection conn = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres",
                "postgres", "");
                Statement statement = conn.createStatement()) {
            statement.execute(sql);
        }
    }

}
