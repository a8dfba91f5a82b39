package dev.varflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.varflow.infra.Sha256;

/**
 * {@code varflow attica-dev}: a local stand-in for Attica's {@code POST /permissions}, answering from a YAML file.
 * For trying the permission flow only: it does not verify the caller's bearer token, it only reports its client.
 */
final class AtticaDev {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AtticaDevPermissions permissions;
    private final boolean requireClientToken;

    AtticaDev(AtticaDevPermissions permissions, boolean requireClientToken) {
        this.permissions = permissions;
        this.requireClientToken = requireClientToken;
    }

    /** Serves {@code file} on {@code host:port} until the process is stopped. */
    static int run(Path file, String host, int port, boolean requireClientToken) throws IOException {
        AtticaDevPermissions table = AtticaDevPermissions.load(file);
        HttpServer server = new AtticaDev(table, requireClientToken).start(new InetSocketAddress(host, port));
        System.out.printf("varflow: attica-dev on http://%s:%d/permissions, %d tokens from %s%n", host,
                server.getAddress().getPort(), table.size(), file);
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    HttpServer start(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/permissions", this::handle);
        server.start();
        return server;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, Map.of("error", "use POST"));
                return;
            }
            String client = client(exchange.getRequestHeaders().getFirst("Authorization"));
            if (requireClientToken && client == null) {
                System.out.println("attica-dev: 401, no client bearer token");
                answer(exchange, 401, Map.of("error", "client bearer token required"));
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = MAPPER.readTree(in);
            } catch (IOException e) {
                body = null;
            }
            JsonNode token = body == null ? null : body.get("auth_token");
            if (token == null || !token.isTextual()) {
                answer(exchange, 400, Map.of("error", "body must be {\"auth_token\": \"...\"}"));
                return;
            }
            Object granted = permissions.permissions(token.textValue());
            System.out.printf("attica-dev: token sha256 %s... (%s) -> %s, client %s%n",
                    Sha256.hex(token.textValue()).substring(0, 12),
                    permissions.knows(token.textValue()) ? "known" : "unknown", MAPPER.writeValueAsString(granted),
                    client == null ? "anonymous" : client);
            answer(exchange, 200, Map.of("permissions", granted));
        }
    }

    /** The azp/client_id claim of a bearer JWT, unverified (for display), or null without one. */
    static String client(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length < 2) {
            return "opaque token";
        }
        try {
            JsonNode claims = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode name = claims.hasNonNull("azp") ? claims.get("azp") : claims.get("client_id");
            return name == null ? "jwt without azp" : name.asText();
        } catch (IOException | IllegalArgumentException e) {
            return "unreadable token";
        }
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
