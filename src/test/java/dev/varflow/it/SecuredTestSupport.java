package dev.varflow.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import org.eclipse.microprofile.config.ConfigProvider;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

/** WireMock stubs for Attica and the IdP, and an admin bearer token on every RestAssured call. */
final class SecuredTestSupport {

    private SecuredTestSupport() {
    }

    static WireMock wireMock() {
        int port = ConfigProvider.getConfig().getValue("wiremock.port", Integer.class);
        return new WireMock("127.0.0.1", port);
    }

    /** The IdP hands out a fresh random access token (expiring in 3 s) and refreshes it on request. */
    static void stubIdentityProvider(WireMock mock) {
        mock.register(post(urlEqualTo("/idp/token")).withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(token("cc")));
        mock.register(post(urlEqualTo("/idp/token")).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(token("refreshed")));
    }

    private static ResponseDefinitionBuilder token(String prefix) {
        return aResponse().withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"access_token\": \"" + prefix + "-{{randomValue length=12 type='ALPHANUMERIC'}}\","
                        + " \"refresh_token\": \"r-{{randomValue length=12 type='ALPHANUMERIC'}}\","
                        + " \"token_type\": \"Bearer\", \"expires_in\": 3}");
    }

    /** Attica's answer for one run token. */
    static MappingBuilder attica(String authToken) {
        return post(urlEqualTo("/permissions")).withRequestBody(matchingJsonPath("$.auth_token", equalTo(authToken)));
    }

    static void authenticateAsAdmin() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + TestTokens.withRoles("ada", "admin")).build();
    }

    static void reset() {
        RestAssured.requestSpecification = null;
    }
}
