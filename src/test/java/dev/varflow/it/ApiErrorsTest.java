package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A hostile client's table of bad requests against every endpoint: each answer has the one JSON error shape
 * (status, error, message, field, location, problems) and names the field or the body's line and column at fault;
 * afterwards the server is healthy and runs still start.
 */
@QuarkusTest
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiErrorsTest {

    private static final String WORKFLOW = """
            workflow:
              name: errors-ok
              tasks:
                - name: a
                  plugin: noop
            """;
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    /** Any location, e.g. body:1:15. */
    private static final String BODY_POSITION = "body:\\d+:\\d+";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static boolean registered;

    @TestHTTPResource("/")
    URL base;

    /**
     * One bad request and what must come back.
     *
     * @param field the field the answer must name, or null when it must name none
     * @param location a pattern the location must match, or null when it must be null
     * @param says a fragment the message must contain
     */
    record Bad(String group, String method, String path, String contentType, String body, int status, String field,
            String location, String says) {

        @Override
        public String toString() {
            return group + ": " + method + " " + path + (body == null ? "" : " " + body.replace("\n", "\\n"));
        }
    }

    static Stream<Bad> badRequests() {
        return Stream.of(
                // body syntax
                syntax("{\"workflow\": \"errors-ok\",}", "body:1:\\d+"),
                syntax("{\"workflow\": \"errors-ok\"", BODY_POSITION),
                syntax("{workflow: \"errors-ok\"}", "body:1:2"),
                syntax("not json", "body:1:\\d+"),
                syntax("{\"workflow\": \"errors-ok\"}}", BODY_POSITION),
                syntax("{\"workflow\": \"a\", \"workflow\": \"b\"}", BODY_POSITION),
                syntax("{\"workflow\": 'errors-ok'}", "body:1:\\d+"),
                new Bad("body syntax", "POST", "/api/runs", JSON,
                        "{\n  \"workflow\": \"errors-ok\",\n  \"vars\": {\n    \"X\": oops\n  }\n}", 400, "vars",
                        "body:4:\\d+", "line 4"),
                new Bad("body syntax", "POST", "/api/runs", JSON, "{\"workflow\": \"errors-ok\", \"vars\": {\"X\": \"1\",}}",
                        400, "vars", BODY_POSITION, "malformed"),
                new Bad("body syntax", "POST", "/api/runs/batch", JSON, "{\"runs\": [}", 400, "runs", BODY_POSITION,
                        "malformed"),
                new Bad("body syntax", "POST", "/api/runs/r-1/replay", JSON, "{\"vars\": }", 400, null,
                        BODY_POSITION, "malformed"),
                // body types
                type("{\"workflow\": 5}", "workflow", "a string"),
                type("{\"workflow\": true}", "workflow", "a string"),
                type("{\"workflow\": [\"errors-ok\"]}", "workflow", "a string"),
                type("{\"workflow\": {\"name\": \"errors-ok\"}}", "workflow", "a string"),
                type("{\"workflow\": \"errors-ok\", \"vars\": [\"A\", \"B\"]}", "vars", "an object"),
                type("{\"workflow\": \"errors-ok\", \"vars\": \"A=1\"}", "vars", "an object"),
                type("{\"workflow\": \"errors-ok\", \"vars\": {\"A\": {\"x\": 1}}}", "vars.A", "a string"),
                type("{\"workflow\": \"errors-ok\", \"vars\": {\"A\": [1]}}", "vars.A", "a string"),
                type("{\"workflow\": \"errors-ok\", \"vars\": {\"A\": 1}}", "vars.A", "a string"),
                type("{\"workflow\": \"errors-ok\", \"version\": \"two\"}", "version", "an integer"),
                type("{\"workflow\": \"errors-ok\", \"version\": 1.5}", "version", "an integer"),
                type("{\"workflow\": \"errors-ok\", \"authToken\": 5}", "authToken", "a string"),
                type("[]", null, "the body"),
                type("\"errors-ok\"", null, "the body"),
                new Bad("body types", "POST", "/api/runs/batch", JSON, "{\"runs\": {\"workflow\": \"errors-ok\"}}",
                        400, "runs", BODY_POSITION, "an array"),
                new Bad("body types", "POST", "/api/runs/batch", JSON, "{\"runs\": [5]}", 400, "runs[0]",
                        BODY_POSITION, "an object"),
                new Bad("body types", "POST", "/api/runs/batch", JSON, "{\"runs\": [{\"workflow\": 5}]}", 400,
                        "runs[0].workflow", BODY_POSITION, "a string"),
                new Bad("body types", "POST", "/api/runs/r-1/replay", JSON, "{\"vars\": [1]}", 400, "vars",
                        BODY_POSITION, "an object"),
                new Bad("body types", "POST", "/api/runs/r-1/replay", JSON, "{\"authToken\": []}", 400, "authToken",
                        BODY_POSITION, "a string"),
                // unknown fields
                unknown("/api/runs", "{\"workflow\": \"errors-ok\", \"varz\": {}}", "varz"),
                unknown("/api/runs", "{\"workflow\": \"errors-ok\", \"Vars\": {}}", "Vars"),
                unknown("/api/runs", "{\"workflow\": \"errors-ok\", \"auth_token\": \"t\"}", "auth_token"),
                unknown("/api/runs/batch", "{\"runs\": [{\"workflow\": \"errors-ok\", \"extra\": 1}]}",
                        "runs[0].extra"),
                unknown("/api/runs/batch", "{\"runz\": []}", "runz"),
                unknown("/api/runs/r-1/replay", "{\"variables\": {}}", "variables"),
                // content types
                media("POST", "/api/runs", "text/plain", "{}", "application/json"),
                media("POST", "/api/runs", "application/xml", "<run/>", "application/json"),
                media("POST", "/api/runs", "application/x-www-form-urlencoded", "workflow=x", "application/json"),
                media("POST", "/api/runs/batch", "text/plain", "{}", "application/json"),
                media("POST", "/api/runs/r-1/replay", "text/csv", "a,b", "application/json"),
                media("POST", "/api/workflows", JSON, "{}", "application/yaml"),
                media("POST", "/api/workflows", "application/octet-stream", "x", "text/yaml"),
                // query parameters
                query("/api/runs?limit=abc", "limit", "between 1 and 1000"),
                query("/api/runs?limit=0", "limit", "between 1 and 1000"),
                query("/api/runs?limit=1001", "limit", "between 1 and 1000"),
                query("/api/runs?limit=-5", "limit", "between 1 and 1000"),
                query("/api/runs?limit=1.5", "limit", "between 1 and 1000"),
                query("/api/runs?status=EXPLODED", "status", "RUNNING, PAUSED, SUCCEEDED, FAILED, STALLED"),
                query("/api/runs?status=%00", "status", "one of"),
                query("/api/runs?workflow=a%0Ab", "workflow", "control character"),
                query("/api/runs?limt=5", "limt", "limit"),
                query("/api/runs?limit=1&limit=2", "limit", "once"),
                query("/api/workflows?x=1", "x", "no query parameter"),
                query("/api/runs/r-1?verbose=1", "verbose", "no query parameter"),
                new Bad("query parameters", "POST", "/api/workflows?file=a%0Ab", YAML, WORKFLOW, 400, "file", null,
                        "control character"),
                // path parameters and encodings
                path("GET", "/api/runs/%00", 400, "id"),
                path("GET", "/api/runs/a%0Ab/history", 400, "id"),
                path("POST", "/api/runs/a%1Bb/cancel", 400, "id"),
                path("GET", "/api/runs/" + "r".repeat(201), 400, "id"),
                path("GET", "/api/runs/%2e%2e/history", 404, null),
                path("GET", "/api/runs/x/y/z", 404, null),
                path("GET", "/api/nothing", 404, null),
                path("GET", "/api", 404, null),
                path("GET", "/no-such-page", 404, null),
                // unknown runs and workflows
                missing("GET", "/api/runs/no-such-run", null),
                missing("GET", "/api/runs/no-such-run/history", null),
                missing("GET", "/api/runs/no-such-run/events", null),
                missing("POST", "/api/runs/no-such-run/cancel", null),
                missing("POST", "/api/runs/no-such-run/pause", null),
                missing("POST", "/api/runs/no-such-run/resume", null),
                missing("POST", "/api/runs/no-such-run/replay", "{}"),
                missing("POST", "/api/runs", "{\"workflow\": \"no-such-workflow\"}"),
                missing("POST", "/api/runs", "{\"workflow\": \"errors-ok\", \"version\": 99}"),
                missing("POST", "/api/runs/batch", "{\"runs\": [{\"workflow\": \"no-such-workflow\"}]}"),
                // methods
                method("DELETE", "/api/runs"),
                method("PUT", "/api/workflows"),
                method("DELETE", "/api/workflows"),
                method("PATCH", "/api/runs/r-1"),
                method("GET", "/api/runs/r-1/cancel"),
                method("PUT", "/api/runs/batch"),
                // workflow files: the loader's problems, at FILE:LINE:COL
                new Bad("workflow files", "POST", "/api/workflows?file=flow.yaml", YAML,
                        "workflow:\n  name: bad\n  tasks:\n    - name: a\n      plugin: nope\n", 400, null,
                        "flow.yaml:5:\\d+", "nope"),
                new Bad("workflow files", "POST", "/api/workflows", YAML, "workflow: [", 400, null,
                        "request:\\d+:\\d+", ""),
                new Bad("workflow files", "POST", "/api/workflows", YAML, "", 400, null, "request:\\d+:\\d+", ""));
    }

    @BeforeEach
    void registerWorkflow() {
        if (!registered) {
            Api.register(WORKFLOW);
            registered = true;
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void shouldAnswerEveryBadRequestWithTheJsonErrorNamingThePlace(Bad bad) throws Exception {
        // given
        byte[] body = bad.body() == null ? null : bad.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = bad.path().endsWith("/events") ? Map.of("Accept", "text/event-stream")
                : Map.of();

        // when
        RawHttp.Answer answer = RawHttp.exchange(base.getPort(), bad.method(), bad.path(), null, bad.contentType(),
                body, headers);

        // then
        assertThat(answer.status()).as("%s: %s", bad, answer.body()).isEqualTo(bad.status());
        assertThat(answer.headers().get("content-type")).as("%s", bad).startsWith("application/json");
        JsonNode error = MAPPER.readTree(json(answer.body()));
        assertThat(error.get("status").asInt()).isEqualTo(bad.status());
        assertThat(error.get("error").asText()).isNotBlank();
        assertThat(error.get("message").asText()).as("%s", bad).contains(bad.says());
        assertThat(error.get("field").isNull() ? null : error.get("field").asText()).as("field of %s: %s", bad,
                error).isEqualTo(bad.field());
        if (bad.location() == null) {
            assertThat(error.get("location").isNull()).as("location of %s: %s", bad, error).isTrue();
        } else {
            assertThat(error.get("location").asText()).as("location of %s: %s", bad, error)
                    .matches(bad.location());
        }
        assertThat(error.get("problems").isArray() && !error.get("problems").isEmpty()).isTrue();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Order(2)
    @Test
    void shouldStayHealthyAndStartRunsAfterTheBadRequests() {
        // given the bad requests above

        // when
        RawHttp.Answer health = RawHttp.exchange(base.getPort(), "GET", "/q/health", null, null, null, Map.of());
        String runId = Api.start("errors-ok", Map.of());

        // then
        assertThat(health.status()).isEqualTo(200);
        assertThat(Api.awaitFinished(runId, Duration.ofSeconds(30)).getString("status")).isEqualTo("SUCCEEDED");
    }

    /** The JSON of a body that may come in chunks. */
    private static String json(String body) {
        int start = body.indexOf('{');
        int end = body.lastIndexOf('}');
        assertThat(start).as("a JSON object in %s", body).isGreaterThanOrEqualTo(0);
        return body.substring(start, end + 1);
    }

    private static Bad syntax(String body, String location) {
        return new Bad("body syntax", "POST", "/api/runs", JSON, body, 400, null, location, "");
    }

    private static Bad type(String body, String field, String says) {
        return new Bad("body types", "POST", "/api/runs", JSON, body, 400, field, BODY_POSITION, says);
    }

    private static Bad unknown(String path, String body, String field) {
        return new Bad("unknown fields", "POST", path, JSON, body, 400, field, BODY_POSITION, "but got \"");
    }

    private static Bad media(String method, String path, String contentType, String body, String accepted) {
        return new Bad("content types", method, path, contentType, body, 415, null, null, accepted);
    }

    private static Bad query(String path, String field, String says) {
        return new Bad("query parameters", "GET", path, null, null, 400, field, null, says);
    }

    private static Bad path(String method, String path, int status, String field) {
        return new Bad("paths", method, path, null, null, status, field, null, "");
    }

    private static Bad missing(String method, String path, String body) {
        return new Bad("unknown runs and workflows", method, path, body == null ? null : JSON, body, 404, null, null,
                "");
    }

    private static Bad method(String method, String path) {
        return new Bad("methods", method, path, null, null, 405, null, null, "but got " + method);
    }
}
