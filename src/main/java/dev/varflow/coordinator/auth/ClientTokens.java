package dev.varflow.coordinator.auth;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;

/**
 * The coordinator's own OIDC client-credentials token for calling Attica: fetched on first use, reused until it
 * expires (or enters the client's refresh window), then refreshed or fetched anew; dropped when Attica rejects it.
 */
final class ClientTokens {

    private final OidcClient client;
    private volatile Tokens current;

    ClientTokens(OidcClient client) {
        this.client = client;
    }

    /** A valid access token. */
    Uni<String> accessToken() {
        Tokens tokens = current;
        if (tokens != null && !tokens.isAccessTokenExpired() && !tokens.isAccessTokenWithinRefreshInterval()) {
            return Uni.createFrom().item(tokens.getAccessToken());
        }
        Uni<Tokens> fresh = tokens != null && tokens.getRefreshToken() != null && !tokens.isRefreshTokenExpired()
                ? client.refreshTokens(tokens.getRefreshToken())
                : client.getTokens();
        return fresh.onFailure().transform(e -> new AtticaException("cannot get an OIDC client token: "
                        + e.getMessage(), true))
                .invoke(t -> current = t)
                .map(Tokens::getAccessToken);
    }

    /** Forgets the token, so the next call gets a new one. */
    void invalidate() {
        current = null;
    }
}
