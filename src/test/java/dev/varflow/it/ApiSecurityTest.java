package dev.varflow.it;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The REST API with varflow.api.auth=oidc: 401 without a token, 403 with too small a role, success otherwise. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
class ApiSecurityTest {

    private static final String WORKFLOW = """
            workflow:
              name: api-security
              tasks:
                - name: free
                  plugin: noop
            """;

    @Test
    void shouldAnswer401WithoutAToken() {
        // given no Authorization header
        // when / then
        given().when().get("/api/workflows").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("workflow", "api-security"))
                .when().post("/api/runs").then().statusCode(401);
    }

    @Test
    void shouldAnswer401ForATokenFromAnotherIssuerOrKey() {
        // given a token that is not a valid JWT of the trusted issuer
        String forged = TestTokens.withRoles("mallory", "admin").replaceAll("\\.[^.]+$", ".c2lnbmF0dXJl");

        // when / then
        as(forged).when().get("/api/workflows").then().statusCode(401);
    }

    @Test
    void shouldLetViewersReadButNotWrite() {
        // given
        String viewer = TestTokens.withRoles("vera", "viewer");

        // when / then
        as(viewer).when().get("/api/workflows").then().statusCode(200);
        as(viewer).when().get("/api/runs").then().statusCode(200);
        as(viewer).contentType("application/yaml").body(WORKFLOW.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/workflows").then()
                .statusCode(403);
        as(viewer).contentType(ContentType.JSON).body(Map.of("workflow", "api-security"))
                .when().post("/api/runs").then().statusCode(403);
    }

    @Test
    void shouldLetOperatorsStartAndCancelRunsButNotRegisterWorkflows() {
        // given
        as(TestTokens.withRoles("ada", "admin")).contentType("application/yaml").body(WORKFLOW.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/workflows").then().statusCode(200);
        String operator = TestTokens.withRoles("otto", "operator");

        // when
        String runId = as(operator).contentType(ContentType.JSON).body(Map.of("workflow", "api-security"))
                .when().post("/api/runs").then().statusCode(201).extract().path("id");

        // then
        as(operator).when().post("/api/runs/" + runId + "/cancel").then().statusCode(200);
        as(operator).when().get("/api/runs/" + runId).then().statusCode(200);
        as(operator).contentType("application/yaml").body(WORKFLOW.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/workflows").then()
                .statusCode(403);
    }

    @Test
    void shouldLetAdminsRegisterWorkflows() {
        // given
        String admin = TestTokens.withRoles("ada", "admin");

        // when / then
        as(admin).contentType("application/yaml").body(WORKFLOW.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/workflows").then()
                .statusCode(200);
    }

    @Test
    void shouldKeepHealthEndpointsOpen() {
        // given no Authorization header
        // when / then
        given().when().get("/q/health/live").then().statusCode(200);
    }

    private static RequestSpecification as(String bearer) {
        return given().header("Authorization", "Bearer " + bearer);
    }
}
