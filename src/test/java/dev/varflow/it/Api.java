package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Drives the coordinator's REST API the way a user would. */
final class Api {

    private static final List<String> TERMINAL = List.of("SUCCEEDED", "FAILED", "STALLED", "CANCELLED");

    private Api() {
    }

    static JsonPath register(String yaml) {
        return given().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/workflows")
                .then().statusCode(200).extract().jsonPath();
    }

    static String start(String workflow, Map<String, String> vars) {
        return given().contentType(ContentType.JSON).body(Map.of("workflow", workflow, "vars", vars))
                .when().post("/api/runs").then().statusCode(201).extract().path("id");
    }

    /** Starts a run carrying a token in the start body's authToken field. */
    static String start(String workflow, Map<String, String> vars, String authToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("workflow", workflow, "vars", vars, "authToken", authToken))
                .when().post("/api/runs").then().statusCode(201).extract().path("id");
    }

    static JsonPath run(String runId) {
        return given().when().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    /** Polls the run until it reaches a final status. */
    /** Waits until a run started outside the API (a Kafka run request) exists, then until it finishes. */
    static JsonPath awaitCreatedThenFinished(String runId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                given().get("/api/runs/" + runId).statusCode()).as("run " + runId + " never started")
                .isNotEqualTo(404));
        return awaitFinished(runId, Duration.ofSeconds(60));
    }

    static JsonPath awaitFinished(String runId, Duration timeout) {
        AtomicReference<JsonPath> run = new AtomicReference<>();
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            run.set(run(runId));
            assertThat(run.get().getString("status")).as("run %s after %s: %s", runId, timeout, run.get().prettify())
                    .isIn(TERMINAL);
        });
        return run.get();
    }

    static Map<String, Object> task(JsonPath run, String name) {
        return run.getMap("tasks.find { it.name == '" + name + "' }");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
