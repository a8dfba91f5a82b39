package dev.varflow.coordinator.auth;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClients;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

import dev.varflow.VarflowConfig;

/** Picks the permission service: Attica when varflow.attica.url is set, otherwise one that honours no token. */
@ApplicationScoped
public class PermissionServices {

    private static final Logger LOG = Logger.getLogger(PermissionServices.class);

    @Produces
    @ApplicationScoped
    PermissionService permissionService(VarflowConfig config, OidcClients oidcClients, Vertx vertx) {
        VarflowConfig.Attica attica = config.attica();
        if (attica.url().isEmpty() || attica.url().get().isBlank()) {
            LOG.info("no permission service configured (varflow.attica.url): runs with an AUTH_TOKEN cannot get "
                    + "permissions");
            return new UnconfiguredPermissionService();
        }
        URI url = URI.create(attica.url().get());
        ClientTokens tokens = switch (attica.clientAuth()) {
            case "oidc" -> new ClientTokens(client(oidcClients, attica));
            case "none" -> null;
            default -> throw new IllegalStateException("varflow.attica.client-auth must be oidc or none, not '"
                    + attica.clientAuth() + "'");
        };
        LOG.infof("permission service: %s (client authentication: %s)", url, attica.clientAuth());
        AtticaClient client = new AtticaClient(WebClient.create(vertx), url, tokens);
        return new AtticaPermissionService(client, new PermissionCache(attica.cacheTtl()), AtticaGuard.of(attica));
    }

    private static OidcClient client(OidcClients clients, VarflowConfig.Attica attica) {
        return attica.oidcClient().map(clients::getClient).orElseGet(clients::getClient);
    }
}
