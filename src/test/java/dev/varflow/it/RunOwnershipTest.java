package dev.varflow.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Runs have an owner: only the identity that started a run, or an admin, may cancel, pause, resume or replay it;
 * and a replay does not reuse a permission set older than the permission cache TTL.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class RunOwnershipTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String OTTO = TestTokens.withRoles("otto", "operator");
    private static final String OLGA = TestTokens.withRoles("olga", "operator");
    private static final String ADA = TestTokens.withRoles("ada", "admin");

    @BeforeEach
    void registerWorkflows() {
        register("""
                workflow:
                  name: owned-waiting
                  tasks:
                    - name: wait
                      plugin: touched
                      outputs: [DONE]
                      params:
                        file: never.txt
                        timeout: 600
                """);
        // cmd needs can_execute_commands: without a token (or with a token granting nothing else) it fails.
        register("""
                workflow:
                  name: owned-failing
                  tasks:
                    - name: shell
                      plugin: cmd
                      params:
                        command: 'exit 1'
                """);
    }

    @Test
    void shouldLetOnlyTheStarterOrAnAdminCancelPauseOrResumeARun() {
        // given a run otto started
        String run = start(OTTO, "owned-waiting", null);
        as(ADA).when().get("/api/runs/" + run).then().statusCode(200).body("startedBy", equalTo("otto"));

        // when / then another operator is refused each control, in JSON
        for (String action : new String[] { "cancel", "pause", "resume", "replay" }) {
            as(OLGA).contentType(ContentType.JSON).body("{}").when().post("/api/runs/" + run + "/" + action)
                    .then().statusCode(403).contentType(ContentType.JSON)
                    .body("message", containsString("Expected the caller to have started run " + run));
        }
        assertThat(status(run)).isEqualTo("RUNNING");
        // the starter may
        as(OTTO).when().post("/api/runs/" + run + "/pause").then().statusCode(200).body("paused", equalTo(true));
        as(OLGA).when().post("/api/runs/" + run + "/resume").then().statusCode(403);
        assertThat(status(run)).isEqualTo("PAUSED");
        as(OTTO).when().post("/api/runs/" + run + "/resume").then().statusCode(200).body("resumed", equalTo(true));
        // and an admin may
        as(ADA).when().post("/api/runs/" + run + "/pause").then().statusCode(200).body("paused", equalTo(true));
        as(ADA).when().post("/api/runs/" + run + "/cancel").then().statusCode(200).body("cancelled", equalTo(true));
        assertThat(status(run)).isEqualTo("CANCELLED");
        as(OLGA).when().post("/api/runs/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
    }

    @Test
    void shouldLetOnlyTheStarterOrAnAdminReplayARun() {
        // given a failed run otto started
        String run = start(OTTO, "owned-failing", null);
        awaitStatus(run, "FAILED");

        // when / then
        as(OLGA).contentType(ContentType.JSON).body("{}").when().post("/api/runs/" + run + "/replay")
                .then().statusCode(403);
        assertThat(view(run).getInt("attempt")).isEqualTo(1);
        as(OTTO).contentType(ContentType.JSON).body("{}").when().post("/api/runs/" + run + "/replay")
                .then().statusCode(200).body("attempt", equalTo(2));
        awaitAttemptFailed(run, 2);
        as(ADA).contentType(ContentType.JSON).body("{}").when().post("/api/runs/" + run + "/replay")
                .then().statusCode(200).body("attempt", equalTo(3));
    }

    @Test
    void shouldRefuseAReplayWithPermissionsOlderThanTheCacheTtlUnlessAFreshTokenIsGiven() throws SQLException {
        // given a failed run started with a token, whose permission set was granted an hour ago
        WireMock attica = SecuredTestSupport.wireMock();
        SecuredTestSupport.stubIdentityProvider(attica);
        String first = "first-" + UUID.randomUUID();
        String fresh = "fresh-" + UUID.randomUUID();
        attica.register(SecuredTestSupport.attica(first).willReturn(okJson("{\"permissions\": [\"can_view\"]}")));
        attica.register(SecuredTestSupport.attica(fresh).willReturn(okJson("{\"permissions\": [\"can_view\"]}")));
        String run = start(OTTO, "owned-failing", first);
        awaitStatus(run, "FAILED");
        sql("UPDATE runs SET permissions_at = now() - interval '1 hour' WHERE id = ?", run);

        // when a replay carries no token
        as(OTTO).contentType(ContentType.JSON).body("{}").when().post("/api/runs/" + run + "/replay")
                .then().statusCode(400).body("problems[0].field", equalTo("authToken"))
                .body("message", containsString("varflow.attica.cache-ttl"));

        // then the run is untouched; with a fresh token the replay goes ahead, and the next one within the TTL too
        assertThat(view(run).getInt("attempt")).isEqualTo(1);
        assertThat(status(run)).isEqualTo("FAILED");
        as(OTTO).contentType(ContentType.JSON).body(Map.of("authToken", fresh))
                .when().post("/api/runs/" + run + "/replay").then().statusCode(200).body("attempt", equalTo(2));
        awaitAttemptFailed(run, 2);
        JsonPath replayed = view(run);
        assertThat(replayed.getBoolean("authenticated")).isTrue();
        assertThat(replayed.prettify()).doesNotContain(fresh).doesNotContain(first);
        as(OTTO).contentType(ContentType.JSON).body("{}").when().post("/api/runs/" + run + "/replay")
                .then().statusCode(200).body("attempt", equalTo(3));
    }

    private static void register(String yaml) {
        as(ADA).contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/workflows").then().statusCode(200);
    }

    private static String start(String bearer, String workflow, String authToken) {
        Map<String, Object> body = authToken == null ? Map.of("workflow", workflow)
                : Map.of("workflow", workflow, "authToken", authToken);
        return as(bearer).contentType(ContentType.JSON).body(body).when().post("/api/runs")
                .then().statusCode(201).extract().path("id");
    }

    private static JsonPath view(String run) {
        return as(ADA).when().get("/api/runs/" + run).then().statusCode(200).extract().jsonPath();
    }

    private static String status(String run) {
        return view(run).getString("status");
    }

    private static void awaitStatus(String run, String expected) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(status(run)).as("status of run %s", run).isEqualTo(expected));
    }

    private static void awaitAttemptFailed(String run, int attempt) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonPath view = view(run);
            assertThat(view.getInt("attempt") == attempt && "FAILED".equals(view.getString("status")))
                    .as("run %s attempt %d not failed: %s", run, attempt, view.prettify()).isTrue();
        });
    }

    private static void sql(String statement, String arg) throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection conn = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement update = conn.prepareStatement(statement)) {
            update.setString(1, arg);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static RequestSpecification as(String bearer) {
        return given().header("Authorization", "Bearer " + bearer);
    }
}
