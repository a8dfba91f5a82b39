package dev.varflow.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One API request made during an outage and what came back: the status (0 when no answer came in time, -1 when the
 * connection failed), the {@code Retry-After} header and the start of the body.
 */
record Probe(String what, String request, int status, String retryAfter, String body, long millis) {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static Probe get(String what, String base, String path, Duration timeout) throws InterruptedException {
        return send(what, "GET " + path, HttpRequest.newBuilder(URI.create(base + path)).GET(), timeout);
    }

    static Probe post(String what, String base, String path, String json, Duration timeout)
            throws InterruptedException {
        return send(what, "POST " + path, HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), timeout);
    }

    private static Probe send(String what, String request, HttpRequest.Builder builder, Duration timeout)
            throws InterruptedException {
        long began = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(builder.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body().replaceAll("\\s+", " ");
            return new Probe(what, request, response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    body.substring(0, Math.min(160, body.length())), elapsed(began));
        } catch (HttpTimeoutException e) {
            return new Probe(what, request, 0, null, "no answer within " + timeout.toSeconds() + " s",
                    elapsed(began));
        } catch (IOException e) {
            return new Probe(what, request, -1, null, e.toString(), elapsed(began));
        }
    }

    private static long elapsed(long began) {
        return (System.nanoTime() - began) / 1_000_000;
    }

    /** 503 with a Retry-After header: the answer a client can act on while a dependency is down. */
    boolean isRetryable() {
        return status == 503 && retryAfter != null;
    }

    @Override
    public String toString() {
        return what + ": " + request + " -> " + (status > 0 ? "HTTP " + status : "no HTTP answer") + ", Retry-After "
                + (retryAfter == null ? "absent" : retryAfter) + ", " + millis + " ms, body " + body;
    }
}
