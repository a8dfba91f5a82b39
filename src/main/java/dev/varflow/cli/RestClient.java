package dev.varflow.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls a Varflow server's REST API with the JDK's HTTP client; an error status becomes an exception with the reason. */
final class RestClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RestClient(String server) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode post(String path, Object body) throws IOException {
        byte[] json = MAPPER.writeValueAsBytes(body);
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    private URI uri(String path) {
        return URI.create(server + path);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        // A server with OIDC authentication wants a bearer token: VARFLOW_TOKEN, obtained from the identity provider.
        String token = System.getenv("VARFLOW_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach the server at " + server
                    + " (start one with ./varflow server, or set --server / VARFLOW_SERVER)", e);
        }
        JsonNode body = response.body().isBlank() ? MAPPER.nullNode() : parse(response.body());
        if (response.statusCode() >= 400) {
            String message = body.hasNonNull("message") ? body.get("message").asText()
                    : body.hasNonNull("error") ? body.get("error").asText() : response.body();
            String hint = response.statusCode() == 401 ? " (set VARFLOW_TOKEN to an access token of the server's "
                    + "identity provider)" : "";
            throw new IOException("server answered " + response.statusCode() + ": " + message + hint);
        }
        return body;
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return MAPPER.getNodeFactory().textNode(text);
        }
    }
}
