package dev.varflow.coordinator.auth;

import java.net.URI;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/** One call to Attica: POST {"auth_token": ...} with the coordinator's bearer token, answer parsed. */
final class AtticaClient {

    private final WebClient web;
    private final URI url;
    private final ClientTokens tokens;

    /** @param tokens the coordinator's OIDC client tokens, or null to call without client authentication */
    AtticaClient(WebClient web, URI url, ClientTokens tokens) {
        this.web = web;
        this.url = url;
        this.tokens = tokens;
    }

    Uni<Set<String>> fetch(String authToken) {
        Uni<String> bearer = tokens == null ? Uni.createFrom().nullItem() : tokens.accessToken();
        return bearer.flatMap(accessToken -> {
            HttpRequest<Buffer> request = web.postAbs(url.toString());
            if (accessToken != null) {
                request.bearerTokenAuthentication(accessToken);
            }
            return request.sendJsonObject(new JsonObject().put("auth_token", authToken));
        }).onFailure(e -> !(e instanceof AtticaException))
                .transform(e -> new AtticaException("cannot reach " + url.getHost() + ": " + describe(e), true))
                .map(this::read);
    }

    private Set<String> read(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status == 401 && tokens != null) {
            tokens.invalidate();
        }
        if (status != 200) {
            boolean retryable = status >= 500 || status == 401 || status == 429;
            throw new AtticaException("Attica answered HTTP " + status, retryable);
        }
        return AtticaAnswer.parse(response.body() == null ? null : response.body().getBytes());
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
