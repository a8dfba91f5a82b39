package dev.varflow.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.varflow.infra.Sha256;
import dev.varflow.it.IntegrationTest;

/**
 * The start window, with real processes: a coordinator armed with {@code varflow.faults.die-after-run-insert} halts
 * (no shutdown hook, like SIGKILL) after writing a run's row and before sending its start records; the row keeps the
 * start variables but never the run's token; the coordinator comes back unarmed and its start sweep starts the run.
 * Logs in {@code target/start-window/}.
 */
@IntegrationTest
class StartWindowIT {

    private static final String TOKEN = "tok-start-window-never-stored-7f3a";
    private static final String WORKFLOW = """
            workflow:
              name: "start-window"
              tasks:
                - {name: "START", plugin: "start", outputs: ["GO"]}
                - {name: "USE", plugin: "noop", inputs: ["GO", "X"], outputs: ["DONE"]}
                - {name: "END", plugin: "end", inputs: ["DONE"]}
            """;

    @Test
    void shouldStartARunWhoseCoordinatorDiedBeforeKafkaHadItsStart() throws Exception {
        // given a coordinator that halts after its next run insert, a gate and a worker
        Path target = Path.of("target").toAbsolutePath();
        Database db = Database.create("varflow_start_window_it");
        try (Cluster cluster = new Cluster(target.resolve("quarkus-app/quarkus-run.jar"),
                target.resolve("start-window"), Files.createTempDirectory("varflow-start-window"))) {
            cluster.env("KAFKA_BOOTSTRAP_SERVERS", cluster.startKafka(Duration.ofSeconds(60)))
                    .env("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl())
                    .env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl())
                    .env("VARFLOW_START_SWEEP_GRACE", "2s").env("VARFLOW_START_SWEEP_INTERVAL", "1s");
            cluster.startServer("coordinator", "coordinator", Map.of());
            cluster.awaitReady(Duration.ofSeconds(120), "coordinator");
            cluster.startServer("gate", "gate", Map.of());
            cluster.startServer("worker", "worker", Map.of());
            String base = cluster.baseUrl("coordinator");
            assertThat(post(base, "/api/workflows", "application/yaml", WORKFLOW)).isEqualTo(200);
            cluster.kill("coordinator");
            cluster.startServer("coordinator", "coordinator", Map.of("VARFLOW_FAULTS_DIE_AFTER_RUN_INSERT", "true"));
            cluster.awaitReady(Duration.ofSeconds(120), "coordinator", "gate", "worker");

            // when a run with a variable and a token is started
            int answer = post(base, "/api/runs", "application/json", "{\"workflow\":\"start-window\","
                    + "\"vars\":{\"X\":\"42\",\"AUTH_TOKEN\":\"" + TOKEN + "\"}}");
            int exit = cluster.awaitExit("coordinator", Duration.ofSeconds(30));

            // then the client got no answer, the coordinator halted, and the row waits with its variables but no token
            assertThat(answer).as("HTTP status (-1: connection cut)").isEqualTo(-1);
            assertThat(exit).isEqualTo(137);
            assertThat(db.strings("SELECT status || ' ' || started || ' ' || start_vars FROM runs"))
                    .containsExactly("RUNNING false {\"X\":\"42\"}");
            assertThat(db.strings("SELECT row_to_json(r)::text FROM runs r")).singleElement().asString()
                    .doesNotContain(TOKEN).contains(Sha256.hex(TOKEN));

            // when it comes back unarmed
            cluster.startServer("coordinator", "coordinator", Map.of());

            // then its sweep sends the start records and the run succeeds with its variable, the token nowhere
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> db.count("SELECT count(*) FROM runs WHERE status <> 'RUNNING'") == 1);
            assertThat(db.strings("SELECT status || ' ' || (start_resent_at IS NOT NULL) || ' ' "
                    + "|| (start_vars IS NULL) FROM runs")).containsExactly("SUCCEEDED true true");
            assertThat(db.strings("SELECT name FROM run_variables ORDER BY name")).containsExactly("DONE", "GO", "X");
            assertThat(db.strings("SELECT value FROM run_variables WHERE name = 'X'")).containsExactly("42");
            assertThat(db.count("SELECT count(*) FROM task_runs WHERE attempts = 1 AND state = 'SUCCEEDED'"))
                    .isEqualTo(3);
        }
    }

    /** The HTTP status, or -1 when the connection was cut before an answer. */
    private static int post(String base, String path, String contentType, String body) throws Exception {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
                    .newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
