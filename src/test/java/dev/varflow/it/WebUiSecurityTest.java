package dev.varflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.microsoft.playwright.Page;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The web UI under the production security settings: nothing (page, script, library, import map) is served to an
 * anonymous visitor, and each role sees only the buttons its API calls would allow.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class WebUiSecurityTest {

    private static final String WORKFLOW = """
            workflow:
              name: "ui-security"
              tasks:
                - {name: START, plugin: start, outputs: [TRUE]}
                - {name: END, plugin: end, inputs: [TRUE]}
            """;

    private static Chromium chromium;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/index.html", "/ui/app.js", "/ui/editor.js", "/_importmap/generated_importmap.js",
        "/api/me" })
    void shouldServeNothingOfTheUiToAnAnonymousVisitor(String path) {
        given().when().get(path).then().statusCode(401);
    }

    private Page as(String token) {
        Page page = chromium.page(Map.of("Authorization", "Bearer " + token));
        given().header("Authorization", "Bearer " + TestTokens.withRoles("ada", "admin"))
                .contentType("application/yaml").body(WORKFLOW.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/workflows").then().statusCode(200);
        page.navigate(base + "#/workflows/ui-security");
        return page;
    }

    @Test
    void shouldShowAViewerAReadOnlyEditorWithoutSaveOrRun() {
        // given
        Page page = as(TestTokens.withRoles("vera", "viewer"));

        // when the viewer opens the workflow
        assertThat(page.locator("vf-graph g.node[data-task=END]")).isVisible();

        // then
        assertThat(page.locator("#me")).hasText("vera · viewer");
        assertThat(page.locator("vf-editor")).containsText("read-only");
        assertThat(page.locator("vf-editor #save")).hasCount(0);
        assertThat(page.locator("vf-editor #run")).hasCount(0);
        assertThat(page.locator("vf-palette")).hasCount(0);
        assertThat(page.locator("vf-yaml textarea")).not().isEditable();
        page.navigate(base + "#/workflows");
        assertThat(page.locator("vf-workflows tr[data-workflow=ui-security]")).isVisible();
        assertThat(page.locator("vf-workflows a.new")).hasCount(0);
        Chromium.screenshot(page, "viewer");
        page.context().close();
    }

    @Test
    void shouldShowAnOperatorRunButNotSave() {
        // given
        Page page = as(TestTokens.withRoles("otto", "operator"));

        // when
        assertThat(page.locator("vf-graph g.node[data-task=END]")).isVisible();

        // then
        assertThat(page.locator("vf-editor #run")).isVisible();
        assertThat(page.locator("vf-editor #save")).hasCount(0);
        page.context().close();
    }

    @Test
    void shouldShowAnAdminSave() {
        // given
        Page page = as(TestTokens.withRoles("ada", "admin"));

        // then
        assertThat(page.locator("vf-graph g.node[data-task=END]")).isVisible();
        assertThat(page.locator("vf-editor #save")).isVisible();
        assertThat(page.locator("vf-palette")).isVisible();
        page.context().close();
    }
}
