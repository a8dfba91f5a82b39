package dev.varflow.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts runs {@code 0..runs-1} (variable RUN_NO) at a steady pace from a few client threads; a post that fails (5xx,
 * cut connection, coordinator down) is tried again until the coordinator answers 201, as a careful client would. A
 * post whose answer was lost may have created its run anyway: the run then exists twice, which is not a loss.
 */
final class ChaosLoad implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final String base;
    private final String workflow;
    private final int runs;
    private final double perSecond;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService clients;
    private final int threads;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private long began;

    ChaosLoad(String base, String workflow, int runs, double perSecond, int threads) {
        this.base = base;
        this.workflow = workflow;
        this.runs = runs;
        this.perSecond = perSecond;
        this.threads = threads;
        this.clients = Executors.newFixedThreadPool(threads);
    }

    void start() {
        began = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            clients.submit(this::post);
        }
        clients.shutdown();
    }

    private Void post() throws InterruptedException {
        for (int run = next.getAndIncrement(); run < runs; run = next.getAndIncrement()) {
            // The pace: run i leaves at i / rate seconds after the start (later when the coordinator is down).
            long due = began + (long) (run * 1e9 / perSecond);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            String body = "{\"workflow\":\"" + workflow + "\",\"vars\":{\"RUN_NO\":\"" + run + "\"}}";
            while (!postOnce(body)) {
                TimeUnit.SECONDS.sleep(1);
            }
        }
        return null;
    }

    private boolean postOnce(String body) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                    .timeout(Duration.ofSeconds(150)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() == 201 && id.find()) {
                acknowledged.add(id.group(1));
                return true;
            }
            failures.computeIfAbsent("HTTP " + response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
        } catch (IOException e) {
            failures.computeIfAbsent("no answer (" + e.getClass().getSimpleName() + ")", k -> new AtomicInteger())
                    .incrementAndGet();
        }
        return false;
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Failed posts (each tried again) by what the client saw. */
    Map<String, Integer> failures() {
        Map<String, Integer> result = new TreeMap<>();
        failures.forEach((kind, n) -> result.put(kind, n.get()));
        return result;
    }

    boolean awaitDone(Duration timeout) throws InterruptedException {
        return clients.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }
}
