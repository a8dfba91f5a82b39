package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The coordinator's REST API: registration, validation errors, run control and the live event stream. */
@QuarkusTest
@IntegrationTest
class RestApiTest {

    private static final String SLOW = """
            workflow:
              name: slow
              tasks:
                - name: wait
                  plugin: touched
                  outputs: [DONE]
                  params:
                    file: never.txt
                    timeout: 60
                - name: finish
                  plugin: end
                  inputs: [DONE]
            """;

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldRejectInvalidWorkflowWithLineAndColumn() {
        given().contentType("application/yaml").body("""
                workflow:
                  name: broken
                  tasks:
                    - name: a
                      plugin: nope
                      inptus: [X]
                """.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/workflows")
                .then().statusCode(400)
                .body("error", equalTo("invalid workflow"))
                .body("problems.find { it.message.contains('nope') }.line", equalTo(5))
                .body("problems.find { it.message.contains('nope') }.column", equalTo(15))
                .body("problems.find { it.message.contains('inptus') }.hint", equalTo("did you mean 'inputs'?"));
    }

    @Test
    void shouldRefuseBadDefaultsAndParamsAtRegistrationSoNoRunStartFails() {
        // given a workflow whose defaults and params would only fail when a run starts
        byte[] yaml = """
                workflow:
                  name: bad-defaults
                  defaults:
                    execution:
                      deadline: "next tuesday"
                  tasks:
                    - name: START
                      plugin: start
                    - name: REPORT
                      plugin: cmd
                      inputs: [TRUE]
                """.getBytes(StandardCharsets.UTF_8);

        // when / then
        given().contentType("application/yaml").body(yaml).when().post("/api/workflows")
                .then().statusCode(400)
                .body("problems.find { it.message.contains('deadline') }.line", equalTo(5))
                .body("problems.find { it.message.contains('deadline') }.column", equalTo(17))
                .body("problems.find { it.message.contains('needs params.command') }.line", equalTo(10));
        given().contentType(ContentType.JSON).body(Map.of("workflow", "bad-defaults")).when().post("/api/runs")
                .then().statusCode(404);
    }

    @Test
    void shouldListPluginDescriptorsWithTheirParams() {
        // when / then
        given().when().get("/api/plugins").then().statusCode(200)
                .body("name", hasItem("cmd"))
                .body("find { it.name == 'cmd' }.params[0].name", equalTo("command"))
                .body("find { it.name == 'cmd' }.params[0].type", equalTo("STRING"))
                .body("find { it.name == 'cmd' }.params[0].required", equalTo(true))
                .body("find { it.name == 'touched' }.params.find { it.name == 'timeout' }.defaultValue",
                        equalTo("60"))
                .body("find { it.name == 'df' }.outputs.name", hasItem("FREE_SPACE"))
                .body("find { it.name == 'start' }.additionalParams", equalTo(false));
    }

    @Test
    void shouldVersionChangedWorkflowsAndKeepUnchangedOnes() {
        // given
        String v1 = "workflow:\n  name: versioned\n  tasks:\n    - name: a\n      plugin: noop\n";
        String v2 = v1 + "    - name: b\n      plugin: noop\n";

        // when
        int first = Api.register(v1).getInt("version");
        int again = Api.register(v1).getInt("version");
        int second = Api.register(v2).getInt("version");

        // then
        assertThat(List.of(first, again, second)).containsExactly(1, 1, 2);
        given().when().get("/api/workflows").then().statusCode(200)
                .body("findAll { it.name == 'versioned' }.version", equalTo(List.of(2, 1)));
    }

    @Test
    void shouldRejectBadStartRequestsNamingTheField() {
        Api.register(SLOW);
        given().contentType(ContentType.JSON).body(Map.of("workflow", "slow", "vars", Map.of("1BAD", "x")))
                .when().post("/api/runs").then().statusCode(400).body("problems[0].field", equalTo("vars.1BAD"));
        given().contentType(ContentType.JSON).body(Map.of("vars", Map.of()))
                .when().post("/api/runs").then().statusCode(400).body("problems[0].field", equalTo("workflow"));
        given().contentType(ContentType.JSON).body(Map.of("workflow", "no-such-workflow"))
                .when().post("/api/runs").then().statusCode(404);
        given().when().get("/api/runs/does-not-exist").then().statusCode(404);
    }

    @Test
    void shouldRejectReservedUnstorableAndTokenLikeVariablesNamingTheField() {
        // given
        Api.register(SLOW);
        Map<String, Map<String, Object>> starts = Map.of(
                "vars.LD_PRELOAD", Map.of("workflow", "slow", "vars", Map.of("LD_PRELOAD", "/tmp/evil.so")),
                "vars.path", Map.of("workflow", "slow", "vars", Map.of("path", "/tmp")),
                "vars.auth_token", Map.of("workflow", "slow", "vars", Map.of("auth_token", "t-1")),
                "vars.Auth_Token", Map.of("workflow", "slow", "vars", Map.of("Auth_Token", "t-2")),
                "vars.X", Map.of("workflow", "slow", "vars", Map.of("X", "a\u0000b")),
                "vars.A\\u0000B", Map.of("workflow", "slow", "vars", Map.of("A\u0000B", "x")),
                "workflow", Map.of("workflow", "slow\u0000"),
                "authToken", Map.of("workflow", "slow", "authToken", "t\u0000"));

        // when / then
        starts.forEach((field, body) -> {
            given().contentType(ContentType.JSON).body(body).when().post("/api/runs")
                    .then().statusCode(400).body("problems[0].field", equalTo(field));
            given().contentType(ContentType.JSON).body(Map.of("runs", List.of(Map.of("workflow", "slow"), body)))
                    .when().post("/api/runs/batch").then().statusCode(400).body("problems[0].field", equalTo(field));
        });
        given().contentType(ContentType.JSON).body(Map.of("workflow", "slow", "vars", Map.of("auth_token", "t-3")))
                .when().post("/api/runs").then().statusCode(400)
                .body("problems[0].message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("t-3")));
    }

    @Test
    void shouldRejectReservedAndUnstorableReplayVariablesNamingTheField() {
        // given
        Map<String, Map<String, String>> replays = Map.of(
                "vars.BASH_ENV", Map.of("BASH_ENV", "/tmp/x"),
                "vars.auth_token", Map.of("auth_token", "t"),
                "vars.AUTH_TOKEN", Map.of("AUTH_TOKEN", "t"),
                "vars.X", Map.of("X", "a\u0000b"));

        // when / then: checked before the run is even looked up
        replays.forEach((field, vars) -> given().contentType(ContentType.JSON).body(Map.of("vars", vars))
                .when().post("/api/runs/" + java.util.UUID.randomUUID() + "/replay")
                .then().statusCode(400).body("problems[0].field", equalTo(field)));
    }

    @Test
    void shouldRejectWorkflowsWithNulOrForbiddenEnvReferencesAtTheirLine() {
        given().contentType("application/yaml").body("""
                workflow:
                  name: sneaky
                  env:
                    STOLEN: "{{ENV:QUARKUS_DATASOURCE_PASSWORD}}"
                  tasks:
                    - name: "a\\0"
                      plugin: noop
                """.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/workflows")
                .then().statusCode(400)
                .body("problems.find { it.message.contains('QUARKUS_DATASOURCE_PASSWORD') }.line", equalTo(4))
                .body("problems.find { it.message.contains('NUL') }.line", equalTo(6));
        given().when().get("/api/workflows").then().statusCode(200).body("name", org.hamcrest.Matchers.not(
                hasItem("sneaky")));
    }

    @Test
    void shouldRejectRunMissingARequiredStartVariable() {
        Api.register("""
                workflow:
                  name: needs-input
                  tasks:
                    - name: a
                      plugin: noop
                      inputs: [GIVEN]
                """);
        given().contentType(ContentType.JSON).body(Map.of("workflow", "needs-input", "vars", Map.of()))
                .when().post("/api/runs").then().statusCode(400)
                .body("problems[0].message", equalTo(
                        "input 'GIVEN' of task 'a' is never set: no task outputs it and it is not in env"));
    }

    @Test
    void shouldCancelRunningRunAndListItByStatus() {
        // given
        Api.register(SLOW);
        String runId = Api.start("slow", Map.of());
        awaitTaskState(runId, "wait", "RUNNING");

        // when
        given().when().post("/api/runs/" + runId + "/cancel").then().statusCode(200).body("cancelled", equalTo(true));

        // then (without authentication every caller is the local admin, who owns and may cancel the run)
        assertThat(Api.run(runId).getString("status")).isEqualTo("CANCELLED");
        assertThat(Api.run(runId).getString("startedBy")).isEqualTo("local");
        given().when().post("/api/runs/" + runId + "/cancel").then().statusCode(200)
                .body("cancelled", equalTo(false));
        given().queryParam("status", "CANCELLED").queryParam("workflow", "slow").when().get("/api/runs")
                .then().statusCode(200).body("id", hasItem(runId));
        given().queryParam("status", "SUCCEEDED").queryParam("workflow", "slow").when().get("/api/runs")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldStreamRunEventsUntilTheRunFinishes() throws Exception {
        // given a run whose file-touching task waits until the test releases it, and a client listening to it
        java.nio.file.Path release = java.nio.file.Files.createTempDirectory("varflow-sse").resolve("release");
        Api.register("""
                workflow:
                  name: streamed
                  tasks:
                    - name: wait
                      plugin: touched
                      outputs: [DONE]
                      params:
                        file: go.txt
                        timeout: 30
                    - name: touch
                      plugin: cmd
                      params:
                        command: 'while [ ! -e %s ]; do sleep 0.05; done; touch go.txt'
                    - name: finish
                      plugin: end
                      inputs: [DONE]
                """.formatted(release));
        String runId = Api.start("streamed", Map.of());
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/runs/" + runId + "/events"))
                .header("Accept", "text/event-stream").build();

        // when the stream is open (or, should the server hold its headers back, after a grace), the run goes on
        CompletableFuture<HttpResponse<java.io.InputStream>> response = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture.runAsync(() -> {
            try {
                response.get(5, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                // The run is released anyway; the assertions below tell what the stream missed.
            }
            try {
                // Not polling: lets the observer register the subscription the headers announced.
                Thread.sleep(300);
                java.nio.file.Files.createFile(release);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<List<String>> lines = response
                .thenApply(answer -> {
                    List<String> data = new ArrayList<>();
                    try (BufferedReader reader = new BufferedReader(new InputStreamReader(answer.body(),
                            StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            if (line.startsWith("data:")) {
                                data.add(line.substring(5));
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return data;
                });
        List<String> events = lines.get(30, TimeUnit.SECONDS);

        // then
        assertThat(events).anyMatch(e -> e.contains("\"TASK_FINISHED\"") && e.contains("\"wait\""));
        assertThat(events.get(events.size() - 1)).contains("\"RUN_FINISHED\"").contains("SUCCEEDED");
        JsonPath run = Api.awaitFinished(runId, Duration.ofSeconds(10));
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
    }

    private static void awaitTaskState(String runId, String task, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(Api.task(Api.run(runId), task).get("state"))
                        .as("task " + task + " never reached " + state).isEqualTo(state));
    }
}
