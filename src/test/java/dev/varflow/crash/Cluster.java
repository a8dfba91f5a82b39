package dev.varflow.crash;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Varflow processes started from the packaged jar, one JVM each, logs under a directory; kills them with SIGKILL
 * on request and all of them on {@link #close()}, whatever happened.
 */
final class Cluster implements AutoCloseable {

    private static final List<String> JVM_OPTS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xshare:auto");

    private final Path jar;
    private final Path logs;
    private final Path work;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::killAll);
    private final String recordKey = dev.varflow.infra.RecordSigner.randomKey();
    private int kafkaPort;

    Cluster(Path jar, Path logs, Path work) throws IOException {
        this.jar = jar;
        this.logs = Files.createDirectories(logs);
        this.work = Files.createDirectories(work);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Environment shared by every server process (Kafka, database, topics). */
    Cluster env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Starts the standalone broker (on its first port again after a stop) and waits until it accepts connections. */
    String startKafka(Duration timeout) throws IOException {
        if (kafkaPort == 0) {
            kafkaPort = freePort();
        }
        int port = kafkaPort;
        start("kafka", List.of("kafka", "--port", String.valueOf(port), "--data", work.resolve("kafka").toString()),
                Map.of());
        await("Kafka listening on " + port).atMost(timeout).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    try (Socket ignored = new Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException e) {
                        checkAlive("kafka");
                        return false;
                    }
                });
        return "127.0.0.1:" + port;
    }

    /** Starts {@code server --roles ROLES} as process {@code name} with its own HTTP port; does not wait. */
    void startServer(String name, String roles, Map<String, String> extraEnv) throws IOException {
        int port = httpPorts.computeIfAbsent(name, n -> freePort());
        Map<String, String> own = new LinkedHashMap<>(env);
        own.putAll(extraEnv);
        own.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        own.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // Several roles share this host: each gets a free management port (metrics) instead of the default 9000.
        own.put("QUARKUS_MANAGEMENT_PORT", "0");
        own.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        // Test servers: an open API on 127.0.0.1 and cmd/df without AUTH_TOKEN (docs/security.md).
        own.putIfAbsent("VARFLOW_API_AUTH", "none");
        own.putIfAbsent("VARFLOW_PERMISSIONS_TOKENLESS_GRANT", "can_execute_commands,can_view_system");
        // One record key shared by every process of the cluster (activations signed by gates, checked by workers).
        own.putIfAbsent("VARFLOW_SECURITY_RECORD_KEY", recordKey);
        own.put("VARFLOW_HOME", work.resolve(name).toString());
        own.put("VARFLOW_WORK_DIR", work.resolve(name).resolve("work").toString());
        start(name, List.of("server", "--roles", roles), own);
    }

    /** Waits until every named server answers its readiness check. */
    void awaitReady(Duration timeout, String... names) {
        HttpClient http = HttpClient.newHttpClient();
        List<String> waiting = new ArrayList<>(List.of(names));
        await(waiting + " ready (logs in " + logs + ")").atMost(timeout).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    waiting.removeIf(name -> ready(http, name));
                    return waiting.isEmpty();
                });
    }

    private boolean ready(HttpClient http, String name) {
        checkAlive(name);
        URI ready = URI.create("http://127.0.0.1:" + httpPorts.get(name) + "/q/health/ready");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String baseUrl(String name) {
        return "http://127.0.0.1:" + httpPorts.get(name);
    }

    /** SIGKILL: no shutdown hook, no graceful drain, no offset commit. */
    void kill(String name) throws InterruptedException {
        Process process = processes.remove(name);
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and a wait for the exit (SIGKILL past {@code timeout}): a clean stop, e.g. of the broker. */
    void stop(String name, Duration timeout) throws InterruptedException {
        Process process = processes.remove(name);
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Waits until process {@code name} exits by itself and returns its exit code. */
    int awaitExit(String name, Duration timeout) throws InterruptedException {
        Process process = processes.get(name);
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still running after " + timeout + "; see " + log(name));
        }
        processes.remove(name);
        return process.exitValue();
    }

    Path log(String name) {
        return logs.resolve(name + ".log");
    }

    private void start(String name, List<String> args, Map<String, String> processEnv) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        builder.environment().remove("DATABASE_URL");
        builder.environment().putAll(processEnv);
        processes.put(name, builder.start());
    }

    private void checkAlive(String name) {
        Process process = processes.get(name);
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " exited; see " + log(name));
        }
    }

    private void killAll() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process process : processes.values()) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
