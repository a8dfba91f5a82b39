package dev.varflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.varflow.Roles;
import dev.varflow.infra.SchemaReadiness;
import dev.varflow.it.IntegrationTest;

/**
 * The two database users of deploy/db-users.sql against the real PostgreSQL at 127.0.0.1:5432: the coordinator's
 * Flyway migrates as the schema owner, the application user (gate, worker) reads and writes data but cannot change
 * the schema, and a process that does not migrate waits for the schema or fails saying why.
 */
@IntegrationTest
class DatabaseUsersTest {

    private static final String HOST = System.getenv().getOrDefault("VARFLOW_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("VARFLOW_TEST_PG_PORT", "5432");

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String database = "varflow_users_" + suffix;
    private final String owner = "varflow_owner_" + suffix;
    private final String app = "varflow_app_" + suffix;

    @BeforeEach
    void createDatabaseAndUsers() throws Exception {
        execute("postgres", "postgres", "CREATE DATABASE " + database);
        // The script as shipped, with this test's role names (roles are cluster-wide; parallel runs must not clash).
        String script = Files.readString(Path.of("deploy/db-users.sql"))
                .replaceAll("\\bvarflow_app\\b", app).replaceAll("\\bvarflow\\b", owner);
        for (String statement : script.replaceAll("(?m)--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                execute(database, "postgres", statement);
            }
        }
    }

    @AfterEach
    void dropDatabaseAndUsers() throws SQLException {
        execute("postgres", "postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        for (String role : new String[] {app, owner}) {
            execute("postgres", "postgres", "DROP ROLE IF EXISTS " + role);
        }
    }

    private String url(String db) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + db;
    }

    private void execute(String db, String user, String sql) throws SQLException {
        try (Connection conn = DriverManager.getConnection(url(db), user, "");
                Statement statement = conn.createStatement()) {
            statement.execute(sql);
        }
    }

    private Flyway flyway(String user) {
        return Flyway.configure().dataSource(url(database), user, "").locations("classpath:db/migration").load();
    }

    @Test
    void shouldLetTheApplicationUserChangeDataButNotTheSchema() throws Exception {
        // given the coordinator's migration, as the schema owner
        flyway(owner).migrate();

        // when the application user writes data
        execute(database, app, "INSERT INTO workflows (name, version, digest, source) VALUES ('w', 1, 'd', 's')");
        execute(database, app, "UPDATE workflows SET source = 't' WHERE name = 'w'");
        execute(database, app, "DELETE FROM workflows WHERE name = 'w'");

        // then that works, while any DDL is refused
        assertThatThrownBy(() -> execute(database, app, "CREATE TABLE intruder (i int)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> execute(database, app, "ALTER TABLE runs ADD COLUMN intruder int"))
                .isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
        assertThatThrownBy(() -> execute(database, app, "DROP TABLE run_variables"))
                .isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
    }

    @Test
    void shouldFailClearlyWhenTheCoordinatorNeverMigrates() {
        // given an empty database, seen by a gate or worker (application user, no migration of its own)
        Flyway gate = flyway(app);

        // when / then
        assertThat(Roles.parse("gate").ownsSchema()).isFalse();
        assertThat(Roles.parse("worker:cmd").ownsSchema()).isFalse();
        assertThat(Roles.parse("coordinator,gate,worker").ownsSchema()).isTrue();
        assertThatThrownBy(() -> SchemaReadiness.awaitSchema(gate, Duration.ofSeconds(1), Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Expected the database schema to be migrated by the coordinator")
                .hasMessageContaining("no migration applied").hasMessageContaining("pending")
                .hasMessageContaining("varflow.schema-wait");
    }

    @Test
    void shouldStartOnceTheCoordinatorHasMigrated() throws Exception {
        // given a gate waiting for the schema
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                SchemaReadiness.awaitSchema(flyway(app), Duration.ofSeconds(30), Duration.ofMillis(200));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // not polling: time for a waiter that wrongly returns to do so
        assertThat(waiting).as("still waiting before the migration").isNotDone();

        // when the coordinator migrates
        flyway(owner).migrate();

        // then the gate goes on
        waiting.get(15, TimeUnit.SECONDS);
    }
}
