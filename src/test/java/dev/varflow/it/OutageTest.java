package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Real outages: while PostgreSQL is stopped every endpoint answers 503 with Retry-After (and recovers when it is
 * back); while Kafka is stopped a run start answers 503 and leaves no run behind.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageTest {

    private static final String WORKFLOW = """
            workflow:
              name: outage
              tasks:
                - name: a
                  plugin: noop
            """;

    @Order(1)
    @Test
    void shouldAnswer503WithRetryAfterWhilePostgresIsDownAndRecover() throws Exception {
        // given a registered workflow and a run that went through
        Api.register(WORKFLOW);
        String runId = Api.start("outage", Map.of());
        Api.awaitFinished(runId, Duration.ofSeconds(30));

        // when
        OutageResource.stopPostgres();

        // then every endpoint that needs the database says so, and when to come back
        try {
            List<Runnable> probes = List.of(
                    () -> assertUnavailable(given().get("/api/runs"), "PostgreSQL"),
                    () -> assertUnavailable(given().get("/api/workflows"), "PostgreSQL"),
                    () -> assertUnavailable(given().get("/api/runs/" + runId), "PostgreSQL"),
                    () -> assertUnavailable(given().get("/api/runs/" + runId + "/history"), "PostgreSQL"),
                    () -> assertUnavailable(given().contentType(ContentType.JSON)
                            .body(Map.of("workflow", "outage")).post("/api/runs"), "PostgreSQL"),
                    () -> assertUnavailable(given().contentType("application/yaml")
                            .body(WORKFLOW.replace("outage", "outage-2").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/workflows"), "PostgreSQL"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> probes.forEach(Runnable::run));
        } finally {
            OutageResource.startPostgres();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(given().get("/api/runs").statusCode()).isEqualTo(200));
    }

    @Order(2)
    @Test
    void shouldAnswer503AndLeaveNoRunWhileKafkaIsDown() {
        // given a producer that has talked to the broker, and the broker gone
        Api.awaitFinished(Api.start("outage", Map.of()), Duration.ofSeconds(30));
        int before = given().queryParam("workflow", "outage").get("/api/runs").then().statusCode(200).extract()
                .path("size()");
        OutageResource.stopKafka();

        // when
        Response single = given().contentType(ContentType.JSON).body(Map.of("workflow", "outage"))
                .post("/api/runs");
        Response batch = given().contentType(ContentType.JSON)
                .body(Map.of("runs", List.of(Map.of("workflow", "outage"), Map.of("workflow", "outage"))))
                .post("/api/runs/batch");

        // then
        assertUnavailable(single, "Kafka");
        assertUnavailable(batch, "Kafka");
        int after = given().queryParam("workflow", "outage").get("/api/runs").then().statusCode(200).extract()
                .path("size()");
        assertThat(after).as("runs left behind by starts that answered 503").isEqualTo(before);
    }

    private static void assertUnavailable(Response response, String dependency) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(503);
        assertThat(response.jsonPath().getString("message")).contains(dependency);
        assertThat(response.asString()).doesNotContain("\tat ");
    }
}
