package dev.varflow.coordinator;

import java.net.InetAddress;
import java.net.UnknownHostException;
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

    private final String mode;
    private final boolean coordinator;
    private final String host;
    private final boolean oidcConfigured;

    public ApiSecurityCheck(VarflowConfig config, Roles roles,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServer,
            @ConfigProperty(name = "quarkus.oidc.public-key") Optional<String> publicKey) {
        this.mode = config.api().auth();
        this.coordinator = roles.has(Roles.COORDINATOR);
        this.host = host;
        this.oidcConfigured = authServer.isPresent() || publicKey.isPresent();
    }

    void onStart(@Observes StartupEvent event) {
        if (!OIDC.equals(mode) && !NONE.equals(mode)) {
            throw new IllegalStateException("varflow.api.auth must be oidc or none, not '" + mode + "'");
        }
        if (!coordinator) {
            return;
        }
        if (OIDC.equals(mode)) {
            if (!oidcConfigured) {
                throw new IllegalStateException("varflow.api.auth=oidc needs an identity provider: set "
                        + "quarkus.oidc.auth-server-url (QUARKUS_OIDC_AUTH_SERVER_URL), or varflow.api.auth=none "
                        + "for a local API on 127.0.0.1 (see docs/security.md)");
            }
            LOG.info("REST API requires OIDC bearer tokens (roles viewer, operator, admin)");
        } else if (loopback(host)) {
            LOG.warnf("REST API without authentication (varflow.api.auth=none), listening on %s only", host);
        } else {
            LOG.warnf("REST API without authentication (varflow.api.auth=none) listening on %s: anyone who can "
                    + "reach this port can register workflows and start runs; use varflow.api.auth=oidc", host);
        }
    }

    static boolean loopback(String host) {
        try {
            return "localhost".equals(host) || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
