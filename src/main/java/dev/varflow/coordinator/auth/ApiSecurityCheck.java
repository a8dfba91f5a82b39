package dev.varflow.coordinator.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.varflow.Roles;
import dev.varflow.VarflowConfig;

/**
 * Refuses to start a coordinator whose API would be open by mistake, and says at start how the API is protected.
 */
@ApplicationScoped
public class ApiSecurityCheck {

    static final String OIDC = "oidc";
    static final String NONE = "none";
    private static final Logger LOG = Logger.getLogger(ApiSecurityCheck.class);

    private final Settings settings;

    public ApiSecurityCheck(VarflowConfig config, Roles roles,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServer,
            @ConfigProperty(name = "quarkus.oidc.public-key") Optional<String> publicKey,
            @ConfigProperty(name = "quarkus.oidc.token.audience") Optional<List<String>> audience) {
        this.settings = new Settings(config.api().auth(), roles.has(Roles.COORDINATOR), host,
                authServer.isPresent() || publicKey.isPresent(),
                audience.map(list -> list.stream().anyMatch(a -> !a.isBlank())).orElse(false),
                config.api().allowInsecure());
    }

    /**
     * What decides whether the API may start.
     *
     * @param audienceConfigured whether {@code quarkus.oidc.token.audience} names at least one audience
     */
    record Settings(String mode, boolean coordinator, String host, boolean oidcConfigured,
            boolean audienceConfigured, boolean allowInsecure) {
    }

    void onStart(@Observes StartupEvent event) {
        refusal(settings).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        if (!settings.coordinator()) {
            return;
        }
        if (OIDC.equals(settings.mode())) {
            LOG.info("REST API requires OIDC bearer tokens (roles viewer, operator, admin)");
        } else if (loopback(settings.host())) {
            LOG.warnf("REST API without authentication (varflow.api.auth=none), listening on %s only",
                    settings.host());
        } else {
            LOG.warnf("REST API without authentication (varflow.api.auth=none) listening on %s, allowed by "
                    + "varflow.api.allow-insecure=true: anyone who can reach this port can register workflows and "
                    + "start runs", settings.host());
        }
    }

    /** Why a process with these settings must not start, or empty when it may. */
    static Optional<String> refusal(Settings settings) {
        if (!OIDC.equals(settings.mode()) && !NONE.equals(settings.mode())) {
            return Optional.of("varflow.api.auth must be oidc or none, not '" + settings.mode() + "'");
        }
        if (!settings.coordinator()) {
            return Optional.empty();
        }
        if (OIDC.equals(settings.mode())) {
            if (!settings.oidcConfigured()) {
                return Optional.of("varflow.api.auth=oidc needs an identity provider: set "
                        + "quarkus.oidc.auth-server-url (QUARKUS_OIDC_AUTH_SERVER_URL), or varflow.api.auth=none "
                        + "for a local API on 127.0.0.1 (see docs/security.md)");
            }
            if (!settings.audienceConfigured()) {
                // Without an audience any token of the identity provider, minted for any other service, would do.
                return Optional.of("varflow.api.auth=oidc needs the audience the API's tokens are minted for: set "
                        + "quarkus.oidc.token.audience (QUARKUS_OIDC_TOKEN_AUDIENCE, default varflow-api)");
            }
            return Optional.empty();
        }
        if (!loopback(settings.host()) && !settings.allowInsecure()) {
            return Optional.of("Expected varflow.api.auth=none only on a loopback address, but quarkus.http.host is "
                    + settings.host() + ": anyone reaching it could run commands. Use varflow.api.auth=oidc, "
                    + "QUARKUS_HTTP_HOST=127.0.0.1, or (inside a container published on 127.0.0.1 only) "
                    + "varflow.api.allow-insecure=true (VARFLOW_API_ALLOW_INSECURE)");
        }
        return Optional.empty();
    }

    static boolean loopback(String host) {
        try {
            return "localhost".equals(host) || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
