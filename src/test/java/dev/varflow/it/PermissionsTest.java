package dev.varflow.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.varflow.coordinator.auth.PermissionGrant;
import dev.varflow.coordinator.auth.PermissionService;

/** The permission flow with production rules: Attica (WireMock) granting, denying, failing, stalling, garbling. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class PermissionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String GUARDED = """
            workflow:
              name: guarded
              tasks:
                - name: shell
                  plugin: cmd
                  outputs: [OUT]
                  params:
                    command: 'echo OUT=ok'
                - name: report
                  plugin: noop
                  permissions:
                    required: [can_read_reports]
                - name: free
                  plugin: noop
            """;

    @Inject
    PermissionService permissions;

    private WireMock attica;

    @BeforeEach
    void setUp() {
        attica = SecuredTestSupport.wireMock();
        SecuredTestSupport.stubIdentityProvider(attica);
        SecuredTestSupport.authenticateAsAdmin();
        Api.register(GUARDED);
    }

    @AfterEach
    void tearDown() {
        SecuredTestSupport.reset();
    }

    @Test
    void shouldRunEveryTaskWhenAtticaGrantsTheirPermissions() {
        // given
        String token = "granted-" + UUID.randomUUID();
        attica.register(SecuredTestSupport.attica(token).willReturn(okJson(
                "{\"permissions\": {\"can_execute_commands\": true, \"can_read_reports\": true, \"other\": false}}")));

        // when two runs use the same token
        JsonPath first = Api.awaitFinished(Api.start("guarded", Map.of(), token), TIMEOUT);
        JsonPath second = Api.awaitFinished(Api.start("guarded", Map.of(), token), TIMEOUT);

        // then
        assertThat(first.getString("status")).as(first.prettify()).isEqualTo("SUCCEEDED");
        assertThat(first.getBoolean("authenticated")).isTrue();
        assertThat(second.getString("status")).isEqualTo("SUCCEEDED");
        List<LoggedRequest> calls = attica.find(postRequestedFor(urlEqualTo("/permissions"))
                .withRequestBody(matchingJsonPath("$.auth_token", WireMock.equalTo(token))));
        assertThat(calls).as("second run served from the cache").hasSize(1);
        assertThat(calls.get(0).getHeader("Authorization")).matches("Bearer (cc|refreshed)-[A-Za-z0-9]{12}");
    }

    @Test
    void shouldNameTheMissingPermissionWhenAtticaDeniesIt() {
        // given
        String token = "denied-" + UUID.randomUUID();
        attica.register(SecuredTestSupport.attica(token).willReturn(okJson(
                "{\"permissions\": [\"can_execute_commands\"]}")));

        // when
        JsonPath run = Api.awaitFinished(Api.start("guarded", Map.of(), token), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(Api.task(run, "shell")).containsEntry("state", "SUCCEEDED");
        assertThat(Api.task(run, "report")).containsEntry("state", "FAILED")
                .containsEntry("error", "PERMISSION_DENIED: missing permission can_read_reports");
    }

    @Test
    void shouldDenyTasksNeedingAuthorizationWhenTheRunHasNoToken() {
        // given
        Api.register("""
                workflow:
                  name: tokenless
                  tasks:
                    - name: strict
                      plugin: noop
                      requires_auth: true
                    - name: shell
                      plugin: cmd
                      params:
                        command: 'true'
                    - name: free
                      plugin: noop
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("tokenless", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(Api.task(run, "strict")).containsEntry("error", "PERMISSION_DENIED: run has no AUTH_TOKEN");
        assertThat(Api.task(run, "shell")).containsEntry("state", "FAILED").containsEntry("error",
                "PERMISSION_DENIED: run has no AUTH_TOKEN (plugin cmd needs can_execute_commands)");
        assertThat(Api.task(run, "free")).containsEntry("state", "SUCCEEDED");
    }

    @Test
    void shouldTakeTheTokenFromTheAuthTokenVariable() {
        // given
        String token = "variable-" + UUID.randomUUID();
        attica.register(SecuredTestSupport.attica(token).willReturn(okJson(
                "{\"permissions\": [\"can_execute_commands\", \"can_read_reports\"]}")));

        // when
        JsonPath run = Api.awaitFinished(Api.start("guarded", Map.of("AUTH_TOKEN", token)), TIMEOUT);

        // then
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getMap("variables")).doesNotContainKey("AUTH_TOKEN");
    }

    @Test
    void shouldRefuseATokenAmongReplayVariables() {
        // given
        Map<String, Object> body = Map.of("vars", Map.of("AUTH_TOKEN", "replay-" + UUID.randomUUID()));

        // when / then
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON).body(body)
                .when().post("/api/runs/" + UUID.randomUUID() + "/replay")
                .then().statusCode(400).body(org.hamcrest.Matchers.containsString("vars.AUTH_TOKEN"));
    }

    @Test
    void shouldFailOnlyTasksNeedingPermissionsWhenAtticaIsDown() {
        // given
        String token = "down-" + UUID.randomUUID();
        attica.register(SecuredTestSupport.attica(token).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));

        // when
        JsonPath run = Api.awaitFinished(Api.start("guarded", Map.of(), token), TIMEOUT);

        // then after the first attempt and two retries
        assertThat(Api.task(run, "shell")).containsEntry("state", "FAILED");
        assertThat((String) Api.task(run, "shell").get("error")).startsWith(
                "permission service unavailable: cannot reach 127.0.0.1");
        assertThat((String) Api.task(run, "report").get("error")).startsWith("permission service unavailable");
        assertThat(Api.task(run, "free")).containsEntry("state", "SUCCEEDED");
        attica.verifyThat(exactly(3), postRequestedFor(urlEqualTo("/permissions"))
                .withRequestBody(containing(token)));
    }

    @Test
    void shouldFailClosedWhenAtticaAnswersTooSlowly() {
        // given an answer after 1.5 s with a 0.5 s timeout
        String token = "slow-" + UUID.randomUUID();
        attica.register(SecuredTestSupport.attica(token).willReturn(okJson(
                "{\"permissions\": [\"can_execute_commands\"]}").withFixedDelay(1500)));

        // when
        JsonPath run = Api.awaitFinished(Api.start("guarded", Map.of(), token), TIMEOUT);

        // then
        assertThat(Api.task(run, "shell")).containsEntry("state", "FAILED")
                .containsEntry("error", "permission service unavailable: no answer from Attica in time");
        assertThat(Api.task(run, "free")).containsEntry("state", "SUCCEEDED");
    }

    @Test
    void shouldFailClosedWhenAtticaAnswersGarbage() {
        // given
        String notJson = "garbage-" + UUID.randomUUID();
        String wrongShape = "shape-" + UUID.randomUUID();
        attica.register(SecuredTestSupport.attica(notJson).willReturn(okJson("<html>oops")));
        attica.register(SecuredTestSupport.attica(wrongShape).willReturn(okJson(
                "{\"permissions\": \"everything\"}")));

        // when
        JsonPath first = Api.awaitFinished(Api.start("guarded", Map.of(), notJson), TIMEOUT);
        JsonPath second = Api.awaitFinished(Api.start("guarded", Map.of(), wrongShape), TIMEOUT);

        // then
        for (JsonPath run : List.of(first, second)) {
            assertThat((String) Api.task(run, "shell").get("error"))
                    .startsWith("permission service unavailable: malformed answer from Attica");
            assertThat(Api.task(run, "free")).containsEntry("state", "SUCCEEDED");
        }
        attica.verifyThat(exactly(1), postRequestedFor(urlEqualTo("/permissions"))
                .withRequestBody(containing(notJson)));
    }

    @Test
    void shouldReuseTheClientTokenUntilItExpiresThenRefreshIt() throws Exception {
        // given the IdP's tokens live 3 s; wait out any token an earlier test left (expiry has 1 s granularity)
        Thread.sleep(4100);
        String[] tokens = { "t1-" + UUID.randomUUID(), "t2-" + UUID.randomUUID(), "t3-" + UUID.randomUUID() };
        for (String token : tokens) {
            attica.register(SecuredTestSupport.attica(token).willReturn(okJson("{\"permissions\": [\"a\"]}")));
        }

        // when
        PermissionGrant first = permissions.permissionsFor(tokens[0]).await().atMost(Duration.ofSeconds(10));
        permissions.permissionsFor(tokens[1]).await().atMost(Duration.ofSeconds(10));
        Thread.sleep(4100); // not polling: the first client token expires
        permissions.permissionsFor(tokens[2]).await().atMost(Duration.ofSeconds(10));

        // then the second call reused the first client token, the third one got a refreshed token
        assertThat(first.permissions()).containsExactly("a");
        String[] bearers = new String[3];
        for (int i = 0; i < 3; i++) {
            bearers[i] = attica.find(postRequestedFor(urlEqualTo("/permissions"))
                    .withRequestBody(containing(tokens[i]))).get(0).getHeader("Authorization");
        }
        assertThat(bearers[1]).isEqualTo(bearers[0]);
        assertThat(bearers[2]).isNotEqualTo(bearers[0]).startsWith("Bearer refreshed-");
    }
}
