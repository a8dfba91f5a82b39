package dev.varflow.it;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link SecuredProfile} with the web UI's login on: the {@code webui} tenant's authorization and token endpoints are
 * WireMock's {@code /idp/auth} and {@code /idp/token}, its key set {@code /idp/jwks} (the test key).
 */
public class UiLoginProfile extends SecuredProfile {

    static final String CLIENT_ID = "varflow-ui";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("quarkus.oidc.webui.tenant-enabled", "true");
        config.put("quarkus.oidc.webui.auth-server-url", "${quarkus.oidc-client.auth-server-url}");
        config.put("quarkus.oidc.webui.discovery-enabled", "false");
        config.put("quarkus.oidc.webui.authorization-path", "auth");
        config.put("quarkus.oidc.webui.token-path", "token");
        config.put("quarkus.oidc.webui.jwks-path", "jwks");
        config.put("quarkus.oidc.webui.token.issuer", ISSUER);
        config.put("quarkus.oidc.webui.client-id", CLIENT_ID);
        config.put("quarkus.oidc.webui.credentials.secret", "ui-secret");
        config.put("quarkus.oidc.webui.roles.role-claim-path", "groups");
        return config;
    }
}
