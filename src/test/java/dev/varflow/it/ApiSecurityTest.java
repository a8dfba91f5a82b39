package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The REST API with varflow.api.auth=oidc: 401 without a token (or with one for another audience), 403 with too
 * small a role, success otherwise; and no spelling of a path or method gets past the roles the resources declare.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class ApiSecurityTest {

    private static final String WORKFLOW = """
            workflow:
              name: api-security
              tasks:
                - name: free
                  plugin: noop
            """;

    /** A workflow whose run waits ten minutes: the target of every probe that tries to control a run. */
    private static final String PROBE = """
            workflow:
              name: api-security-probe
              tasks:
                - name: wait
                  plugin: touched
                  outputs: [DONE]
                  params:
                    file: never.txt
                    timeout: 600
            """;
    /** What a probe that got through to the register method would register. */
    private static final String BYPASS = """
            workflow:
              name: bypass-probe
              tasks:
                - name: free
                  plugin: noop
            """;
    private static final List<String> API_PATHS = List.of("/api/workflows", "/api/runs", "/api/runs/batch",
            "/api/runs/{run}", "/api/runs/{run}/cancel", "/api/runs/{run}/pause", "/api/runs/{run}/resume",
            "/api/runs/{run}/replay", "/api/runs/{run}/history", "/api/runs/{run}/events", "/api/plugins",
            "/api/schema",
            // The web UI's endpoints (issue 13).
            "/api/me", "/api/editor/view", "/api/editor/edit", "/api/workflows/overview",
            "/api/workflows/api-security-probe/source", "/api/workflows/api-security-probe/graph");
    private static final List<String> ODD_PATHS = List.of("/api;x/workflows", "/api/workflows;x", "/api/;/workflows",
            "/%61pi/workflows", "/api%2Fworkflows", "/api%2fworkflows", "//api/workflows", "/./api/workflows",
            "/x/../api/workflows", "/API/workflows", "/Api/Workflows", "/api/workflows/", "/api/workflows//",
            "/api/runs/", "/api/runs;x", "/api;x/runs", "/api/runs/{run};y/cancel", "/api/runs/{run}/cancel;x",
            "/api/runs/x;y/cancel", "/api/runs/{run}//cancel", "/api/runs/{run}/%63ancel", "/api/%2e/workflows",
            "/api/%2e%2e/api/workflows", "/%2e/api/workflows", "/api/.%2e/api/workflows", "/api/workflows%3Bx",
            "/q/health/../../api/workflows", "/q/health/..;/..;/api/workflows", "/q/health;x/../../api/workflows",
            "/q/health/%2e%2e/%2e%2e/api/workflows", "/api/workflows?file=x.yaml", "/api/runs/batch;x");
    private static final List<String> OTHER_PATHS = List.of("/q/metrics", "/q/openapi", "/q/swagger-ui",
            "/q/swagger-ui/", "/q/dev-ui", "/q/info", "/unknown", "/", "/q/health-not");
    private static final List<String> METHODS = List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");
    private static final List<String> WRITES = List.of("POST", "PUT", "PATCH", "DELETE");
    private static String probeRun;

    @TestHTTPResource("/")
    URL base;

    /** Who sends a probe. */
    enum Who {
        ANONYMOUS, VIEWER, OPERATOR;

        String token() {
            return switch (this) {
                case ANONYMOUS -> null;
                case VIEWER -> TestTokens.withRoles("vera", "viewer");
                case OPERATOR -> TestTokens.withRoles("otto", "operator");
            };
        }
    }

    @BeforeEach
    void startProbeTarget() {
        if (probeRun == null) {
            String admin = TestTokens.withRoles("ada", "admin");
            as(admin).contentType("application/yaml").body(PROBE.getBytes(StandardCharsets.UTF_8))
                    .when().post("/api/workflows").then().statusCode(200);
            probeRun = as(admin).contentType(ContentType.JSON).body(Map.of("workflow", "api-security-probe"))
                    .when().post("/api/runs").then().statusCode(201).extract().path("id");
        }
    }

    /**
     * Every API path, each odd spelling of one and a few paths that must not be on this port, with every method:
     * anonymously, as viewer (writes, and the management paths), and as operator (workflow registration).
     */
    static Stream<Arguments> probes() {
        List<String> all = new ArrayList<>(API_PATHS);
        all.addAll(ODD_PATHS);
        all.addAll(OTHER_PATHS);
        List<Arguments> probes = new ArrayList<>();
        for (String path : all) {
            for (String method : METHODS) {
                probes.add(Arguments.of(Who.ANONYMOUS, method, path));
                if (WRITES.contains(method) || OTHER_PATHS.contains(path)) {
                    probes.add(Arguments.of(Who.VIEWER, method, path));
                }
                if (WRITES.contains(method) && path.toLowerCase().contains("workflows")) {
                    probes.add(Arguments.of(Who.OPERATOR, method, path));
                }
            }
        }
        return probes.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("probes")
    void shouldGrantNothingWithoutTheRoleHoweverThePathIsSpelt(Who who, String method, String path) {
        // given a running probe run, and a request body that would register or start something if it got through
        String target = path.replace("{run}", probeRun);
        boolean workflows = path.toLowerCase().contains("workflows");
        byte[] body = !WRITES.contains(method) ? null : workflows ? BYPASS.getBytes(StandardCharsets.UTF_8)
                : path.contains("batch") ? "{\"runs\": [{\"workflow\": \"api-security-probe\"}]}".getBytes(
                        StandardCharsets.UTF_8)
                : "{\"workflow\": \"api-security-probe\"}".getBytes(StandardCharsets.UTF_8);

        // when
        int status = RawHttp.status(base.getPort(), method, target, who.token(),
                workflows ? "application/yaml" : "application/json", body);

        // then
        if (who == Who.ANONYMOUS && path.startsWith("/q/health/")) {
            // Vert.x keeps "..;" segments, so the health allow-list matches; no route serves the path (and the
            // REST methods would still demand their role).
            assertThat(status).as("%s %s without a token", method, target).isIn(401, 404);
        } else if (who == Who.ANONYMOUS) {
            assertThat(status).as("%s %s without a token", method, target).isEqualTo(401);
        } else if (path.equals("/") && List.of("GET", "HEAD").contains(method)) {
            // The web UI's page (issue 13): static, no data; each API call it makes needs its own role.
            assertThat(status).as("%s %s as %s", method, target, who).isEqualTo(200);
        } else {
            assertThat(status).as("%s %s as %s", method, target, who).isIn(403, 404, 405);
        }
        String admin = TestTokens.withRoles("ada", "admin");
        List<String> registered = as(admin).when().get("/api/workflows").then().statusCode(200).extract()
                .jsonPath().getList("name");
        assertThat(registered).as("workflows after %s %s", method, target).doesNotContain("bypass-probe");
        List<String> statuses = as(admin).queryParam("workflow", "api-security-probe").when().get("/api/runs")
                .then().statusCode(200).extract().jsonPath().getList("status");
        assertThat(statuses).as("probe runs after %s %s", method, target).containsExactly("RUNNING");
    }

    @Test
    void shouldAnswer401And403WithoutRevealingAnything() throws Exception {
        // given
        String viewer = TestTokens.withRoles("vera", "viewer");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();

        // when
        RawHttp.Answer anonymous = RawHttp.exchange(base.getPort(), "GET", "/api/runs", null, null, null, Map.of());
        RawHttp.Answer anonymousUnknown = RawHttp.exchange(base.getPort(), "GET", "/api/nothing", null, null, null,
                Map.of());
        RawHttp.Answer forged = RawHttp.exchange(base.getPort(), "GET", "/api/runs", "not-a-token", null, null,
                Map.of());
        RawHttp.Answer tooSmall = RawHttp.exchange(base.getPort(), "POST", "/api/workflows", viewer,
                "application/yaml", BYPASS.getBytes(StandardCharsets.UTF_8), Map.of());

        // then: no credentials get Quarkus's bare challenge, written before any route runs (no body, so nothing
        // tells whether the path exists); a rejected token and too small a role get the JSON error
        for (RawHttp.Answer answer : List.of(anonymous, anonymousUnknown)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
            assertThat(answer.headers().get("www-authenticate")).startsWith("Bearer");
            assertThat(answer.body()).isEmpty();
        }
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.headers().get("www-authenticate")).startsWith("Bearer");
        assertThat(forged.headers().get("content-type")).startsWith("application/json");
        assertThat(mapper.readTree(forged.body()).get("message").asText()).contains("bearer token");
        assertThat(forged.body()).doesNotContain("/api/").doesNotContain("Exception");
        assertThat(tooSmall.status()).isEqualTo(403);
        assertThat(tooSmall.headers().get("content-type")).startsWith("application/json");
        assertThat(mapper.readTree(tooSmall.body()).get("status").asInt()).isEqualTo(403);
        assertThat(tooSmall.body()).doesNotContain("admin").doesNotContain("Exception");
    }

    @Test
    void shouldAnswer401ForATokenMintedForAnotherAudience() {
        // given an admin token of the trusted issuer, but for another service, and one without audience
        String elsewhere = TestTokens.withAudience("billing-api", "ada", "admin");
        String none = io.smallrye.jwt.build.Jwt.issuer(SecuredProfile.ISSUER).subject("ada")
                .groups(java.util.Set.of("admin")).expiresIn(600).jws().keyId("test")
                .sign(TestTokens.privateKey());

        // when / then
        as(elsewhere).when().get("/api/workflows").then().statusCode(401);
        as(none).when().get("/api/workflows").then().statusCode(401);
        as(TestTokens.withRoles("ada", "admin")).when().get("/api/workflows").then().statusCode(200);
    }

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
