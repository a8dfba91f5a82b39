package dev.varflow.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.varflow.it.IntegrationTest;

/** The REST commands of the CLI against this test's own server. */
@QuarkusTest
@IntegrationTest
class RemoteCommandsTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private RemoteCommands commands() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        output.reset();
        return new RemoteCommands(new PrintStream(output, true, StandardCharsets.UTF_8), "http://127.0.0.1:" + port);
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldListRunsAsATableFilteredByWorkflowAndStatus() throws IOException {
        // given
        register("""
                workflow:
                  name: cli-listed
                  tasks:
                    - name: one
                      plugin: noop
                """);
        String runId = awaitStatus(start("cli-listed", Map.of()), "SUCCEEDED");

        // when
        int code = commands().runs("SUCCEEDED", "cli-listed");

        // then
        List<String> lines = printed().lines().toList();
        assertThat(code).isZero();
        assertThat(lines.get(0)).startsWith("ID").contains("WORKFLOW", "STATUS", "CREATED", "FINISHED");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(runId).contains("cli-listed", "SUCCEEDED");
    }

    @Test
    void shouldShowARunWithVariablesTasksAndErrors() throws IOException {
        // given
        register("""
                workflow:
                  name: cli-shown
                  tasks:
                    - name: hello
                      plugin: cmd
                      outputs: [GREETING]
                      params:
                        command: 'echo GREETING=hi'
                    - name: broken
                      plugin: cmd
                      inputs: [GREETING]
                      outputs: [DONE]
                      params:
                        command: 'exit 7'
                    - name: never
                      plugin: noop
                      inputs: [DONE]
                """);
        String runId = awaitStatus(start("cli-shown", Map.of()), "FAILED");

        // when
        int code = commands().show(runId);

        // then
        String shown = printed();
        assertThat(code).isEqualTo(1);
        assertThat(shown).contains("run " + runId + " of cli-shown v1", "status:   FAILED", "GREETING=hi");
        assertThat(shown.lines()).anyMatch(l -> l.matches("\\s+hello\\s+cmd\\s+SUCCEEDED\\s+1\\s+\\d+ ms\\s+0.*"));
        assertThat(shown.lines()).anyMatch(l -> l.matches("\\s+broken\\s+cmd\\s+FAILED\\s+1\\s+\\d+ ms\\s+7\\s+.+"));
        assertThat(shown.lines()).anyMatch(l -> l.matches("\\s+never\\s+noop\\s+PENDING.*waits for DONE"));
    }

    @Test
    void shouldPauseResumeCancelAndReplayRuns() throws IOException {
        // given a run that fails first, and a slow one
        register("""
                workflow:
                  name: cli-control
                  tasks:
                    - name: maybe
                      plugin: cmd
                      inputs: [OK, MARKER]
                      params:
                        command: '[ "$OK" = yes ] || [ -f "$MARKER" ]'
                """);
        java.nio.file.Path marker = java.nio.file.Files.createTempDirectory("cli").resolve("fixed");
        String failed = awaitStatus(start("cli-control", Map.of("OK", "no", "MARKER", marker.toString())), "FAILED");
        register("""
                workflow:
                  name: cli-slow
                  tasks:
                    - name: slow
                      plugin: cmd
                      params:
                        command: 'sleep 20'
                """);
        String slow = start("cli-slow", Map.of());

        // when
        int paused = commands().control(RunAction.PAUSE, slow);
        int resumed = commands().control(RunAction.RESUME, slow);
        int cancelled = commands().control(RunAction.CANCEL, slow);
        int cancelledAgain = commands().control(RunAction.CANCEL, slow);
        java.nio.file.Files.writeString(marker, "fixed");
        int replayed = commands().replay(failed, Map.of("NOTE", "fixed"));

        // then
        assertThat(List.of(paused, resumed, cancelled)).containsOnly(0);
        assertThat(cancelledAgain).isEqualTo(1);
        assertThat(replayed).isZero();
        assertThat(printed()).isEqualTo("run " + failed + " replayed as attempt 2\n");
        awaitStatus(slow, "CANCELLED");
        assertThat(awaitStatus(failed, "SUCCEEDED")).isEqualTo(failed);
    }

    @Test
    void shouldReportTheServersReasonForAnUnknownRun() {
        // when / then
        assertThatThrownBy(() -> commands().show("no-such-run"))
                .isInstanceOf(IOException.class).hasMessageContaining("404").hasMessageContaining("no-such-run");
    }

    private static void register(String yaml) {
        given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/workflows").then().statusCode(200);
    }

    private static String start(String workflow, Map<String, String> vars) {
        return given().contentType(ContentType.JSON).body(Map.of("workflow", workflow, "vars", vars))
                .when().post("/api/runs").then().statusCode(201).extract().path("id");
    }

    private static String awaitStatus(String runId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(given().get("/api/runs/" + runId).then().extract()
                        .<String>path("status")).as("status of run " + runId).isEqualTo(status));
        return runId;
    }
}
