import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Benchmark driver for the coordinator's REST API (run as a single-file program: java bench/BenchClient.java).
 * register URL FILE: registers a workflow. idle URL WORKFLOW COUNT OUT: starts COUNT runs one after the other,
 * each once the previous finished. load URL WORKFLOW COUNT OUT: starts COUNT runs at once through
 * POST /api/runs/batch (250 runs a request, -Dbench.batch=..., 4 requests in flight).
 * Run ids go to OUT, one a line.
 */
public final class BenchClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String base = args[1];
        switch (args[0]) {
            case "register" -> System.out.println(post(base + "/api/workflows", "application/yaml",
                    Files.readString(Path.of(args[2]))));
            case "idle" -> idle(base, args[2], Integer.parseInt(args[3]), Path.of(args[4]));
            case "load" -> load(base, args[2], Integer.parseInt(args[3]), Path.of(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void idle(String base, String workflow, int count, Path out) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = start(base, workflow);
            ids.add(id);
            while (get(base + "/api/runs/" + id).contains("\"status\":\"RUNNING\"")) {
                Thread.sleep(20);
            }
            Thread.sleep(100);
        }
        Files.write(out, ids);
    }

    /** Starts COUNT runs through the batch endpoint, BATCH runs a request, 4 requests in flight. */
    private static void load(String base, String workflow, int count, Path out) throws Exception {
        int batch = Integer.getInteger("bench.batch", 250);
        Semaphore inFlight = new Semaphore(4);
        List<CompletableFuture<List<String>>> futures = new ArrayList<>();
        String one = "{\"workflow\":\"" + workflow + "\"}";
        for (int start = 0; start < count; start += batch) {
            int size = Math.min(batch, count - start);
            String body = "{\"runs\":[" + String.join(",", java.util.Collections.nCopies(size, one)) + "]}";
            inFlight.acquire();
            futures.add(HTTP.sendAsync(request(base + "/api/runs/batch", "application/json", body),
                    HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                        inFlight.release();
                        if (r.statusCode() != 201) {
                            throw new IllegalStateException("batch start answered " + r.statusCode() + ": " + r.body());
                        }
                        return ids(r.body());
                    }));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<List<String>> f : futures) {
            ids.addAll(f.join());
        }
        Files.write(out, ids);
    }

    private static List<String> ids(String json) {
        String list = json.substring(json.indexOf('[') + 1, json.lastIndexOf(']'));
        List<String> ids = new ArrayList<>();
        for (String quoted : list.split(",")) {
            ids.add(quoted.trim().replace("\"", ""));
        }
        return ids;
    }

    private static String start(String base, String workflow) throws Exception {
        return id(post(base + "/api/runs", "application/json", "{\"workflow\":\"" + workflow + "\"}"));
    }

    private static String id(String json) {
        int at = json.indexOf("\"id\"");
        int open = json.indexOf('"', json.indexOf(':', at) + 1);
        return json.substring(open + 1, json.indexOf('"', open + 1));
    }

    private static HttpRequest request(String url, String type, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String post(String url, String type, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(request(url, type, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
