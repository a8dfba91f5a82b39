package dev.varflow.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The web UI's login with the authorization code flow, WireMock playing the identity provider: an anonymous visitor
 * is sent to the IdP, comes back logged in, and the UI's API calls carry the session; API clients still get 401.
 */
@QuarkusTest
@TestProfile(UiLoginProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class WebUiLoginTest {

    private static Chromium chromium;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "wiremock.port")
    int wiremockPort;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    /** The IdP: its authorization endpoint sends the browser back with a code; its token endpoint trades it. */
    private void identityProvider(String user, String role) {
        WireMock idp = new WireMock("127.0.0.1", wiremockPort);
        idp.register(get(urlPathEqualTo("/idp/auth")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?code=code-of-" + user
                        + "&state={{request.query.state}}")
                .withTransformers("response-template")));
        String idToken = TestTokens.withAudience(UiLoginProfile.CLIENT_ID, user, role);
        String accessToken = TestTokens.withRoles(user, role);
        idp.register(post(urlPathEqualTo("/idp/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + accessToken + "\",\"id_token\":\"" + idToken
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":600}")));
    }

    @Test
    void shouldSendAnAnonymousVisitorOfThePagesToTheIdentityProvider() {
        String location = given().redirects().follow(false).when().get("/").then().statusCode(302)
                .extract().header("Location");

        assertThat(location).startsWith("http://127.0.0.1:" + wiremockPort + "/idp/auth?")
                .contains("client_id=" + UiLoginProfile.CLIENT_ID).contains("response_type=code");
    }

    @Test
    void shouldKeepAnsweringAnApiCallerWithoutATokenWith401() {
        given().redirects().follow(false).when().get("/api/me").then().statusCode(401);
        given().redirects().follow(false).when().get("/api/workflows").then().statusCode(401);
    }

    @Test
    void shouldLogInThroughTheIdentityProviderAndCallTheApiWithTheSession() {
        // given
        identityProvider("ada", "admin");
        Page page = chromium.page(Map.of());

        // when
        page.navigate(base + "#/new");

        // then the UI knows who logged in, and its POSTs to the API are accepted with the session
        assertThat(page.locator("#me")).hasText("ada · admin");
        assertThat(page.locator("vf-editor .status")).isVisible();
        Cookie session = page.context().cookies().stream().filter(c -> c.name.startsWith("q_session_webui"))
                .findFirst().orElseThrow();
        // The session cookie alone (a cross-site form post) cannot write: the UI's header is missing.
        given().redirects().follow(false).cookie(session.name, session.value).contentType(ContentType.JSON)
                .body(Map.of("yaml", "workflow: {}")).when().post("/api/editor/view").then().statusCode(401);
        page.context().close();
    }
}
