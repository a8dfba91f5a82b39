package dev.varflow.crash;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

/**
 * The chaos run shared by {@code bench/chaos.sh} ({@link ChaosMain}, big numbers) and {@link ChaosIT} (small ones):
 * its own PostgreSQL from the embedded binaries, a broker process, a coordinator, two gates and three workers, each a
 * JVM of the packaged jar. Split/join runs are posted at a steady pace while, one after another at set shares of the
 * load: a worker and a gate get SIGKILL and come back; the coordinator gets SIGKILL, comes back with
 * {@code die-after-run-insert} armed, halts inside the start window and comes back again; the broker stops and starts;
 * PostgreSQL stops and starts. The API is probed during both outages. Then every run must end and nothing be lost.
 */
final class Chaos {

    /** How big a chaos run is; the start sweep's grace is short so that swept runs finish within the run. */
    record Settings(int runs, double perSecond, Path target, Duration finishTimeout) {
    }

    static final String WORKFLOW_NAME = "chaos-split-join";
    static final int TASKS = 8;
    static final List<String> VARIABLES = List.of("RUN_NO", "GO", "A", "B1", "B2", "B3", "B4", "DONE");
    static final String KAFKA_PROBE = "probe-kafka-down";
    private static final Duration READY = Duration.ofSeconds(150);
    private static final Duration OUTAGE = Duration.ofSeconds(6);
    /** Longer than the coordinator's wait for Kafka on a run start (varflow.api.start-wait, 10 s on branch api11). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> GATES = List.of("gate-1", "gate-2");
    private static final List<String> WORKERS = List.of("worker-1", "worker-2", "worker-3");

    private static final String WORKFLOW = """
            workflow:
              name: "chaos-split-join"
              description: "start -> A -> four parallel branches (one a process, one a second long) -> join -> end"
              tasks:
                - {name: "START", plugin: "start", outputs: ["GO"]}
                - {name: "A", plugin: "noop", inputs: ["GO"], outputs: ["A"]}
                - {name: "B1", plugin: "noop", inputs: ["A"], outputs: ["B1"]}
                - {name: "B2", plugin: "noop", inputs: ["A"], outputs: ["B2"], params: {delay_ms: "50"}}
                - {name: "B3", plugin: "cmd", inputs: ["A"], outputs: ["B3"], params: {command: "echo B3=ok"}}
                - {name: "B4", plugin: "noop", inputs: ["A"], outputs: ["B4"], params: {delay_ms: "1000"}}
                - {name: "JOIN", plugin: "noop", inputs: ["B1", "B2", "B3", "B4", "RUN_NO"], outputs: ["DONE"]}
                - {name: "END", plugin: "end", inputs: ["DONE"]}
            """;

    private final Settings settings;
    private final Cluster cluster;
    private final Postgres postgres;
    private final List<String> faults = new ArrayList<>();
    private final List<Probe> probes = new ArrayList<>();
    private final long began = System.nanoTime();
    private Database db;
    private ChaosLoad load;
    private ChaosReport.Window window;

    private Chaos(Settings settings, Cluster cluster, Postgres postgres) {
        this.settings = settings;
        this.cluster = cluster;
        this.postgres = postgres;
    }

    static ChaosReport run(Settings settings) throws Exception {
        Path logs = settings.target().resolve("chaos");
        Files.createDirectories(logs);
        try (var old = Files.list(logs)) {
            for (Path file : old.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Path work = Files.createTempDirectory("varflow-chaos");
        try (Postgres postgres = new Postgres(work.resolve("pg"), logs.resolve("postgres.log"));
                Cluster cluster = new Cluster(settings.target().resolve("quarkus-app/quarkus-run.jar"), logs, work)) {
            return new Chaos(settings, cluster, postgres).run();
        }
    }

    private ChaosReport run() throws Exception {
        postgres.start();
        db = Database.create(postgres.port(), "varflow");
        String bootstrap = cluster.startKafka(Duration.ofSeconds(60));
        cluster.env("KAFKA_BOOTSTRAP_SERVERS", bootstrap).env("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl())
                .env("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl()).env("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "6")
                .env("VARFLOW_TOPICS_PARTITIONS", "6").env("VARFLOW_WORKER_CONCURRENCY", "128")
                .env("VARFLOW_START_SWEEP_GRACE", "15s").env("VARFLOW_START_SWEEP_INTERVAL", "2s");
        say("PostgreSQL on port " + postgres.port() + ", broker " + bootstrap + "; starting the roles");
        cluster.startServer("coordinator", "coordinator", Map.of());
        cluster.awaitReady(READY, "coordinator");
        GATES.forEach(this::startGate);
        WORKERS.forEach(this::startWorker);
        cluster.awaitReady(READY, "gate-1", "gate-2", "worker-1", "worker-2", "worker-3");
        String base = cluster.baseUrl("coordinator");
        registerWorkflow(base);
        say("all roles ready; posting " + settings.runs() + " runs at " + settings.perSecond() + "/s");

        load = new ChaosLoad(base, WORKFLOW_NAME, settings.runs(), settings.perSecond(), 8);
        load.start();
        killWorkerAndGate(0.10);
        killCoordinatorThroughTheStartWindow(0.25);
        restartKafka(0.45);
        restartPostgres(0.65);
        load.awaitDone(Duration.ofHours(2));
        cluster.awaitReady(READY, "coordinator", "gate-1", "gate-2", "worker-1", "worker-2", "worker-3");
        say("all " + settings.runs() + " runs acknowledged; waiting for every run to end");
        try {
            await().atMost(settings.finishTimeout()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> db.count("SELECT count(*) FROM runs WHERE status IN ('RUNNING', 'PAUSED')") == 0);
        } catch (ConditionTimeoutException e) {
            say("not every run ended within " + settings.finishTimeout() + ": the report says which");
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        return ChaosReport.collect(db, settings, load, faults, probes, window, bootstrap, seconds);
    }

    private void registerWorkflow(String base) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/workflows"))
                .header("Content-Type", "application/yaml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(WORKFLOW)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Expected the chaos workflow to register, but got HTTP "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * SIGKILL on the worker running the most tasks and on gate-1, both started again 2 s later (their readiness is
     * checked once the load is posted).
     */
    private void killWorkerAndGate(double share) throws Exception {
        awaitShare(share);
        Map<String, Long> running = db.counts("SELECT worker, count(*) FROM task_runs WHERE state = 'RUNNING' "
                + "AND worker IS NOT NULL GROUP BY worker ORDER BY 2 DESC");
        String victim = running.keySet().stream().filter(WORKERS::contains).findFirst().orElse("worker-1");
        cluster.kill(victim);
        cluster.kill("gate-1");
        fault("SIGKILL " + victim + " (" + running.getOrDefault(victim, 0L) + " tasks RUNNING on it) and gate-1");
        TimeUnit.SECONDS.sleep(2); // not polling: runs go on for a while with one gate and two workers
        startWorker(victim);
        startGate("gate-1");
        fault(victim + " and gate-1 restarted");
    }

    /**
     * SIGKILL on the coordinator; it comes back with die-after-run-insert armed and halts after the first run insert
     * of the load, before that run's start records are sent; then it comes back unarmed and its start sweep must
     * send them.
     */
    private void killCoordinatorThroughTheStartWindow(double share) throws Exception {
        awaitShare(share);
        cluster.kill("coordinator");
        fault("SIGKILL coordinator");
        Instant armed = Instant.now();
        cluster.startServer("coordinator", "coordinator", Map.of("VARFLOW_FAULTS_DIE_AFTER_RUN_INSERT", "true"));
        int exit = cluster.awaitExit("coordinator", Duration.ofMinutes(5));
        List<String> inWindow = db.strings("SELECT id FROM runs WHERE created_at >= '" + armed + "'::timestamptz");
        fault("coordinator restarted with die-after-run-insert armed; it halted (exit " + exit + ") leaving "
                + inWindow.size() + " run(s) written but never sent");
        cluster.startServer("coordinator", "coordinator", Map.of());
        cluster.awaitReady(READY, "coordinator");
        window = new ChaosReport.Window(exit, inWindow);
        fault("coordinator restarted unarmed and ready");
    }

    private void restartKafka(double share) throws Exception {
        awaitShare(share);
        long down = System.nanoTime();
        cluster.stop("kafka", Duration.ofSeconds(30));
        fault("broker stopped");
        probes.add(Probe.post("broker down", cluster.baseUrl("coordinator"), "/api/runs", "{\"workflow\":\""
                + WORKFLOW_NAME + "\",\"vars\":{\"RUN_NO\":\"" + KAFKA_PROBE + "\"}}", PROBE_TIMEOUT));
        TimeUnit.NANOSECONDS.sleep(Math.max(0, OUTAGE.toNanos() - (System.nanoTime() - down))); // the outage
        cluster.startKafka(Duration.ofSeconds(90));
        fault("broker restarted after " + (System.nanoTime() - down) / 1_000_000 + " ms down");
    }

    private void restartPostgres(double share) throws Exception {
        awaitShare(share);
        long down = System.nanoTime();
        postgres.stop();
        fault("PostgreSQL stopped");
        String base = cluster.baseUrl("coordinator");
        probes.add(Probe.get("PostgreSQL down", base, "/api/runs?limit=1", PROBE_TIMEOUT));
        probes.add(Probe.post("PostgreSQL down", base, "/api/runs", "{\"workflow\":\"" + WORKFLOW_NAME
                + "\",\"vars\":{\"RUN_NO\":\"probe-postgres-down\"}}", PROBE_TIMEOUT));
        TimeUnit.NANOSECONDS.sleep(Math.max(0, OUTAGE.toNanos() - (System.nanoTime() - down))); // the outage
        postgres.start();
        fault("PostgreSQL restarted after " + (System.nanoTime() - down) / 1_000_000 + " ms down");
    }

    private void awaitShare(double share) {
        int wanted = (int) Math.ceil(settings.runs() * share);
        await().atMost(Duration.ofHours(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> load.acknowledgedCount() >= wanted);
    }

    private void startGate(String name) {
        start(name, "gate", Map.of());
    }

    private void startWorker(String name) {
        start(name, "worker", Map.of("VARFLOW_WORKER_ID", name));
    }

    private void start(String name, String roles, Map<String, String> env) {
        try {
            cluster.startServer(name, roles, env);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void fault(String what) {
        faults.add(what);
        say(what + " (" + load.acknowledgedCount() + " runs acknowledged)");
    }

    private void say(String line) {
        System.out.printf("chaos [%6.1f s] %s%n", (System.nanoTime() - began) / 1e9, line);
    }
}
