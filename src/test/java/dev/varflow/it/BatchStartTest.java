package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** POST /api/runs/batch: many runs with one insert and one acknowledgement wait, all or none. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class BatchStartTest {

    private static final String WORKFLOW = """
            workflow:
              name: batched
              tasks:
                - {name: "S", plugin: "start", outputs: ["S"]}
                - {name: "A", plugin: "noop", inputs: ["S", "WHO"], outputs: ["A"]}
            """;

    @Test
    void shouldStartEveryRunOfABatchWithItsOwnVariables() {
        // given
        Api.register(WORKFLOW);
        List<Map<String, Object>> runs = List.of(Map.of("workflow", "batched", "vars", Map.of("WHO", "one")),
                Map.of("workflow", "batched", "vars", Map.of("WHO", "two")),
                Map.of("workflow", "batched", "vars", Map.of("WHO", "three")));

        // when
        List<String> ids = given().contentType(ContentType.JSON).body(Map.of("runs", runs))
                .when().post("/api/runs/batch").then().statusCode(201).extract().jsonPath().getList("ids");

        // then
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        assertThat(ids.stream().map(id -> Api.awaitFinished(id, Duration.ofSeconds(60)))
                .map(run -> run.getString("status") + " " + run.getString("variables.WHO")))
                .containsExactly("SUCCEEDED one", "SUCCEEDED two", "SUCCEEDED three");
    }

    @Test
    void shouldStartNothingWhenOneRequestOfTheBatchIsInvalid() {
        // given a batch whose second run has a start variable with an invalid name
        Api.register(WORKFLOW);
        long before = given().when().get("/api/runs?workflow=batched&limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
        List<Map<String, Object>> runs = List.of(Map.of("workflow", "batched", "vars", Map.of("WHO", "one")),
                Map.of("workflow", "batched", "vars", Map.of("WHO", "two", "not-a-name", "x")));

        // when
        int status = given().contentType(ContentType.JSON).body(Map.of("runs", runs))
                .when().post("/api/runs/batch").then().extract().statusCode();

        // then
        assertThat(status).isBetween(400, 499);
        assertThat(given().when().get("/api/runs?workflow=batched&limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("$")).hasSize((int) before);
    }
}
