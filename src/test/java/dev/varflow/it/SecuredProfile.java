package dev.varflow.it;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Production security settings under test: OIDC-protected API (tokens signed with the test key, roles in
 * {@code groups}), no tokenless grant, Attica and the IdP's token endpoint on WireMock with short timeouts.
 */
public class SecuredProfile implements QuarkusTestProfile {

    public static final String ISSUER = "https://issuer.varflow.test";

    @Override
    public String getConfigProfile() {
        // Not "test": its %test settings (open API, tokenless grant) must not apply here.
        return "secured";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("varflow.api.auth", "oidc"),
                Map.entry("quarkus.oidc.public-key", TestTokens.publicKeyBase64()),
                Map.entry("quarkus.oidc.token.issuer", ISSUER),
                Map.entry("quarkus.oidc.roles.role-claim-path", "groups"),
                Map.entry("quarkus.oidc-client.discovery-enabled", "false"),
                Map.entry("quarkus.oidc-client.client-id", "varflow-coordinator"),
                Map.entry("quarkus.oidc-client.credentials.secret", "coordinator-secret"),
                Map.entry("quarkus.oidc-client.refresh-token-time-skew", "0S"),
                Map.entry("varflow.attica.timeout", "500ms"),
                Map.entry("varflow.attica.retries", "2"),
                Map.entry("varflow.attica.backoff", "50ms"),
                Map.entry("varflow.attica.max-backoff", "200ms"),
                Map.entry("varflow.attica.circuit-breaker.request-volume", "1000"),
                Map.entry("quarkus.log.category.\"dev.varflow\".level", "DEBUG"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockResource.class));
    }
}
