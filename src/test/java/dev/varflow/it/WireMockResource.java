package dev.varflow.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One WireMock server standing in for Attica ({@code /permissions}) and the IdP ({@code /idp}: token endpoint, key
 * set).
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        // The test key as the IdP's key set, for tenants that verify tokens the way a real IdP is used (the web UI's).
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/idp/jwks").willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.okJson(TestTokens.jwks())));
        return Map.of(
                "varflow.attica.url", base + "/permissions",
                "quarkus.oidc-client.auth-server-url", base + "/idp",
                "quarkus.oidc-client.token-path", base + "/idp/token",
                "wiremock.port", String.valueOf(server.port()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
