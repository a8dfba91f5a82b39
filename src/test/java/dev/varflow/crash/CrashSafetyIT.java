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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import dev.varflow.it.IntegrationTest;

/**
 * Crash safety with every role in its own JVM: a broker process, one coordinator, two gates and three workers on
 * loopback; 500 split/join runs; one worker and one gate killed with SIGKILL while runs are in flight, the gate
 * restarted. Every run must succeed with every task claimed once and every variable set, and the killed worker's
 * tasks must show a second attempt. Logs of each process go to {@code target/crash-test/}.
 */
@IntegrationTest
class CrashSafetyIT {

    private static final int RUNS = 500;
    private static final int TASKS = 8;
    private static final List<String> VARIABLES = List.of("RUN_NO", "TRUE", "A", "B1", "B2", "B3", "B4", "DONE");
    private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(4);

    private static final String WORKFLOW = """
            workflow:
              name: "crash-split-join"
              description: "start -> A -> four parallel branches, one slow -> join -> end"
              tasks:
                - name: "START"
                  plugin: "start"
                  outputs: ["TRUE"]
                - name: "A"
                  plugin: "noop"
                  inputs: ["TRUE"]
                  outputs: ["A"]
                - name: "B1"
                  plugin: "noop"
                  inputs: ["A"]
                  outputs: ["B1"]
                - name: "B2"
                  plugin: "cmd"
                  inputs: ["A"]
                  outputs: ["B2"]
                  params:
                    command: "sleep 0.02; echo B2=ok"
                - name: "B3"
                  plugin: "cmd"
                  inputs: ["A"]
                  outputs: ["B3"]
                  params:
                    command: "sleep 0.05; echo B3=ok"
                - name: "B4"
                  plugin: "cmd"
                  inputs: ["A"]
                  outputs: ["B4"]
                  params:
                    command: "sleep 2; echo B4=ok"
                - name: "JOIN"
                  plugin: "noop"
                  inputs: ["B1", "B2", "B3", "B4", "RUN_NO"]
                  outputs: ["DONE"]
                - name: "END"
                  plugin: "end"
                  inputs: ["DONE"]
            """;

    @Test
    void killedWorkerAndGateLoseNothingAndDuplicateNoClaim() throws Exception {
        long began = System.nanoTime();
        Path target = Path.of("target").toAbsolutePath();
        Path logs = target.resolve("crash-test");
        if (Files.exists(logs)) {
            try (var old = Files.list(logs)) {
                for (Path file : old.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Database db = Database.create("varflow_crash_it");
        try (Cluster cluster = new Cluster(target.resolve("quarkus-app/quarkus-run.jar"), logs,
                Files.createTempDirectory("varflow-crash"))) {
            String bootstrap = cluster.startKafka(Duration.ofSeconds(60));
            cluster.env("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                    .env("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl())
                    .env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl())
                    .env("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "6")
                    .env("VARFLOW_TOPICS_PARTITIONS", "6")
                    .env("VARFLOW_WORKER_CONCURRENCY", "128");
            // The coordinator first: it applies the schema and creates the topics before the others subscribe.
            cluster.startServer("coordinator", "coordinator", Map.of());
            cluster.awaitReady(Duration.ofSeconds(90), "coordinator");
            for (int i = 1; i <= 2; i++) {
                cluster.startServer("gate-" + i, "gate", Map.of());
            }
            for (int i = 1; i <= 3; i++) {
                cluster.startServer("worker-" + i, "worker", Map.of("VARFLOW_WORKER_ID", "worker-" + i));
            }
            cluster.awaitReady(Duration.ofSeconds(120), "gate-1", "gate-2", "worker-1", "worker-2", "worker-3");
            long started = System.nanoTime();

            Rest rest = new Rest(cluster.baseUrl("coordinator"));
            rest.post("/api/workflows", "application/yaml", WORKFLOW, 200);
            // All start at once; the coordinator's answers come back while the kills happen.
            AtomicInteger posted = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                String body = "{\"workflow\":\"crash-split-join\",\"vars\":{\"RUN_NO\":\"" + i + "\"}}";
                posts.add(clients.submit(() -> {
                    rest.post("/api/runs", "application/json", body, 201);
                    return posted.incrementAndGet();
                }));
            }

            // Kill a worker and gate-1 while slow B4 tasks are in flight (each takes 2 s). Which worker runs cmd
            // tasks depends on the partition assignment, so the victim is the worker with the most tasks running.
            Map<String, Long> running = await("B4 tasks running").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> db.count("SELECT count(*) FROM task_runs WHERE task = 'B4'") < 150
                            ? Map.<String, Long>of()
                            : db.counts("SELECT worker, count(*) FROM task_runs WHERE state = 'RUNNING' "
                                    + "AND worker IS NOT NULL GROUP BY worker"),
                            counts -> counts.values().stream().mapToLong(Long::longValue).max().orElse(0) >= 5);
            String victim = running.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            long inFlight = running.get(victim);
            cluster.kill(victim);
            cluster.kill("gate-1");
            System.out.printf("crash: SIGKILL %s (%d tasks recorded RUNNING on it) and gate-1 after %d runs posted%n",
                    victim, inFlight, posted.get());
            Thread.sleep(3000); // not polling: runs go on for a while with one gate down
            cluster.startServer("gate-1", "gate", Map.of());
            System.out.println("crash: gate-1 restarted");
            for (Future<?> post : posts) {
                post.get();
            }
            clients.shutdown();

            try {
                await().atMost(FINISH_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                        .until(() -> db.count("SELECT count(*) FROM runs WHERE status = 'RUNNING'") == 0
                                && db.count("SELECT count(*) FROM runs") >= RUNS);
            } catch (ConditionTimeoutException e) {
                // not all finished in time: the assertions below say which
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            Map<String, Long> byStatus = db.counts("SELECT status, count(*) FROM runs GROUP BY status ORDER BY 1");
            long claims = db.count("SELECT count(*) FROM task_runs");
            long badRuns = db.count("SELECT count(*) FROM runs r WHERE (SELECT count(*) FROM task_runs t "
                    + "WHERE t.run_id = r.id) <> " + TASKS);
            long retried = db.count("SELECT count(*) FROM task_runs WHERE attempts > 1");
            long notSucceeded = db.count("SELECT count(*) FROM task_runs WHERE state <> 'SUCCEEDED'");
            long undispatched = db.count("SELECT count(*) FROM task_runs WHERE NOT dispatched");
            long variables = db.count("SELECT count(*) FROM run_variables");
            String expected = "'" + String.join("','", VARIABLES) + "'";
            long missingVariables = db.count("SELECT count(*) FROM runs r CROSS JOIN unnest(ARRAY[" + expected
                    + "]) AS n(name) WHERE NOT EXISTS (SELECT 1 FROM run_variables v WHERE v.run_id = r.id "
                    + "AND v.name = n.name)");
            long wrongRunNo = db.count("SELECT count(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM run_variables v "
                    + "WHERE v.run_id = r.id AND v.name = 'RUN_NO' AND v.value ~ '^[0-9]+$')")
                    + RUNS - db.count("SELECT count(DISTINCT value) FROM run_variables WHERE name = 'RUN_NO'");
            Map<String, Long> attempts = db.counts("SELECT worker || ' ' || task || ' attempts=' || attempts, "
                    + "count(*) FROM task_runs WHERE attempts > 1 GROUP BY 1 ORDER BY 2 DESC LIMIT 5");
            Map<String, Integer> activations = ActivationCounter.count(bootstrap, "varflow.activations");
            long records = activations.values().stream().mapToLong(Integer::longValue).sum();
            long resent = activations.values().stream().filter(n -> n > 1).count();

            System.out.printf("crash: %d runs in %.1f s (from first POST), by status %s%n", RUNS, seconds, byStatus);
            System.out.printf("crash: claims (task_runs rows) %d = %d runs x %d tasks expected; runs with a wrong "
                    + "claim count %d; tasks not SUCCEEDED %d; claims never confirmed sent %d%n", claims, RUNS, TASKS,
                    badRuns, notSucceeded, undispatched);
            System.out.printf("crash: activation records %d for %d distinct tasks; %d tasks activated more than once "
                    + "(sweeper re-sends of claims a killed gate had not confirmed)%n", records, activations.size(),
                    resent);
            System.out.printf("crash: tasks with attempts > 1: %d (e.g. %s)%n", retried, attempts);
            System.out.printf("crash: variables %d, missing %d, wrong RUN_NO %d%n", variables, missingVariables,
                    wrongRunNo);
            System.out.printf("crash: total test time %.1f s%n", (System.nanoTime() - began) / 1e9);

            assertThat(byStatus).as("runs by status").isEqualTo(Map.of("SUCCEEDED", (long) RUNS));
            assertThat(claims).as("claims").isEqualTo((long) RUNS * TASKS);
            assertThat(badRuns).as("runs whose tasks were not claimed exactly once each").isZero();
            assertThat(notSucceeded).isZero();
            assertThat(undispatched).isZero();
            assertThat(activations).as("activation record per claim").hasSize(RUNS * TASKS);
            assertThat(missingVariables).as("variables lost").isZero();
            assertThat(variables).isEqualTo((long) RUNS * VARIABLES.size());
            assertThat(wrongRunNo).isZero();
            assertThat(retried).as("retried executions visible in task_runs.attempts").isPositive();
        }
    }

    /** Minimal JSON/YAML poster for the coordinator. */
    private record Rest(String base, HttpClient http) {

        Rest(String base) {
            this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        String post(String path, String contentType, String body, int expectedStatus) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        }
    }
}
