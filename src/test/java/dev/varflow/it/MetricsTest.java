package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The Prometheus scrape at /q/metrics of the management interface shows Varflow's task, activation, gate batch and
 * run meters; the API port serves no metrics, OpenAPI or Swagger UI.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class MetricsTest {

    private final String metrics = management("/q/metrics");
    private final String openapi = management("/q/openapi");

    @Test
    void shouldServeMetricsAndOpenApiOnTheManagementInterfaceOnly() {
        // given the API port and the management port
        // when / then
        given().when().get(openapi).then().statusCode(200);
        given().when().get(metrics).then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get("/q/openapi").then().statusCode(404);
        given().when().get("/q/swagger-ui/").then().statusCode(404);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldExposeTaskGateAndRunMetricsAfterARun() {
        // given a finished run of a no-op task and a failing command
        Api.register("""
                workflow:
                  name: metered
                  tasks:
                    - {name: "ok", plugin: "noop", outputs: ["OK"]}
                    - {name: "bad", plugin: "cmd", inputs: ["OK"], params: {command: "exit 3"}}
                """);
        JsonPath run = Api.awaitFinished(Api.start("metered", Map.of()), Duration.ofSeconds(60));
        assertThat(run.getString("status")).isEqualTo("FAILED");

        // when
        String scrape = given().when().get(metrics).then().statusCode(200).extract().asString();

        // then
        List<String> lines = scrape.lines().filter(line -> line.startsWith("varflow_")).toList();
        assertThat(lines).anyMatch(l -> l.startsWith("varflow_tasks_started_total{") && l.contains("plugin=\"noop\""))
                .anyMatch(l -> l.startsWith("varflow_tasks_succeeded_total{") && l.contains("plugin=\"noop\""))
                .anyMatch(l -> l.startsWith("varflow_tasks_failed_total{") && l.contains("plugin=\"cmd\""))
                .anyMatch(l -> l.startsWith("varflow_activation_latency_seconds_bucket{"))
                .anyMatch(l -> l.startsWith("varflow_activation_latency_seconds_count"))
                .anyMatch(l -> l.startsWith("varflow_gate_batch_size_events_bucket{"))
                .anyMatch(l -> l.startsWith("varflow_gate_batch_duration_seconds_count"))
                .anyMatch(l -> l.startsWith("varflow_runs_finished_total{") && l.contains("status=\"FAILED\""));
    }

    /** A URL on the management interface (its test port, 9001 unless configured). */
    private static String management(String path) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
        return "http://localhost:" + port + path;
    }
}
