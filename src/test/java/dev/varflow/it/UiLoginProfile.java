package dev.varflow.it;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link SecuredProfile} with the web UI's login on: the {@code ui} tenant's authorization and token endpoints are
 * WireMock's {@code /idp/auth} and {@code /idp/token}, its key set {@code /idp/jwks} (the test key).
 */
public class UiLoginProfile extends SecuredProfile {

    static final String CLIENT_ID = "varflow-ui";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("quarkus.oidc.ui.tenant-enabled", "true");
        config.put("quarkus.oidc.ui.auth-server-url", "${quarkus.oidc-client.auth-server-url}");
        config.put("quarkus.oidc.ui.discovery-enabled", "false");
        config.put("quarkus.oidc.ui.authorization-path", "auth");
        config.put("quarkus.oidc.ui.token-path", "token");
        config.put("quarkus.oidc.ui.jwks-path", "jwks");
        config.put("quarkus.oidc.ui.token.issuer", ISSUER);
        config.put("quarkus.oidc.ui.client-id", CLIENT_ID);
        config.put("quarkus.oidc.ui.credentials.secret", "ui-secret");
        config.put("quarkus.oidc.ui.roles.role-claim-path", "groups");
        return config;
    }
}
