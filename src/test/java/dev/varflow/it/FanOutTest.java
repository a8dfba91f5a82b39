package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Fan-out ({@code foreach:}) on the real broker and database: per-item claims, limits, retries, joins. */
@QuarkusTest
@IntegrationTest
class FanOutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void shouldRunOneItemPerElementNeverMoreThanTheLimitAndJoinInItemOrder() {
        // given items that record how many of them run at once
        Api.register("""
                workflow:
                  name: fan-limit
                  tasks:
                    - name: each
                      plugin: cmd
                      inputs: [LIST]
                      outputs: [OUT]
                      foreach: LIST
                      concurrency: 2
                      params:
                        command: |
                          d=/tmp/varflow-fan-$RUN_MARK; mkdir -p $d; touch $d/$ITEM_INDEX
                          echo "OUT=$ITEM:$(ls $d | wc -l | tr -d ' ')"; sleep 0.3; rm $d/$ITEM_INDEX
                    - name: end
                      plugin: end
                      inputs: [OUT]
                """);
        String mark = java.util.UUID.randomUUID().toString();

        // when
        JsonPath run = Api.awaitFinished(Api.start("fan-limit",
                Map.of("LIST", "[\"a\",\"b\",\"c\",\"d\",\"e\"]", "RUN_MARK", mark)), TIMEOUT);

        // then
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        List<String> out = json(run.getMap("variables", String.class, String.class).get("OUT"));
        assertThat(out).extracting(v -> v.split(":")[0]).containsExactly("a", "b", "c", "d", "e");
        assertThat(out).extracting(v -> Integer.parseInt(v.split(":")[1])).allMatch(n -> n <= 2);
        assertThat(run.getList("tasks[0].items.state")).containsOnly("SUCCEEDED").hasSize(5);
        assertThat(run.getList("tasks[0].items.name")).containsExactly("each#0", "each#1", "each#2", "each#3",
                "each#4");
        assertThat(run.getMap("variables")).doesNotContainKey("each#0.OUT");
    }

    @Test
    void shouldFanOutOverAnUpstreamListAndParameterSets() {
        // given
        Api.register("""
                workflow:
                  name: fan-dynamic
                  tasks:
                    - name: list
                      plugin: cmd
                      outputs: [NAMES]
                      params:
                        command: echo 'NAMES=["x","yy"]'
                    - name: len
                      plugin: cmd
                      inputs: [NAMES]
                      outputs: [LEN]
                      foreach: NAMES
                      params:
                        command: 'echo "LEN=${#ITEM}"'
                    - name: sets
                      plugin: cmd
                      outputs: [SUM]
                      foreach: [{a: 1, b: 2}, {a: 10, b: 20}]
                      params:
                        command: 'echo "SUM=$((a + b))"'
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("fan-dynamic", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getMap("variables", String.class, String.class))
                .containsEntry("LEN", "[\"1\",\"2\"]").containsEntry("SUM", "[\"3\",\"30\"]");
    }

    @Test
    void shouldRetryEachItemAndFailTheTaskWhenAnItemFails() {
        // given item 1 fails twice then succeeds; item 2 always fails
        Api.register("""
                workflow:
                  name: fan-fail
                  tasks:
                    - name: each
                      plugin: cmd
                      outputs: [OUT]
                      foreach: [ok, flaky, broken]
                      concurrency: 1
                      execution:
                        retries: {max_attempts: 3, initial: 50ms, jitter: 0}
                      params:
                        command: |
                          n=$(cat tries-$ITEM 2>/dev/null || echo 0); n=$((n+1)); echo $n > tries-$ITEM
                          [ "$ITEM" = ok ] || { [ "$ITEM" = flaky ] && [ $n -ge 3 ]; } || exit 3
                          echo "OUT=$ITEM"
                    - name: after
                      plugin: noop
                      inputs: [OUT]
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("fan-fail", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAILED");
        Map<String, Object> task = Api.task(run, "each");
        assertThat(task.get("state")).isEqualTo("FAILED");
        assertThat(run.getList("tasks[0].items.state")).containsExactly("SUCCEEDED", "SUCCEEDED", "FAILED");
        assertThat(run.getList("tasks[0].items.attempts")).containsExactly(1, 3, 3);
        assertThat(run.getMap("variables")).doesNotContainKey("OUT");
    }

    @Test
    void shouldFailAListWiderThanTheLimitWithAClearError() {
        // given
        Api.register("""
                workflow:
                  name: fan-wide
                  tasks:
                    - name: each
                      plugin: noop
                      inputs: [LIST]
                      foreach: LIST
                """);
        String wide = "[" + "1,".repeat(1000) + "1]";

        // when
        JsonPath run = Api.awaitFinished(Api.start("fan-wide", Map.of("LIST", wide)), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(Api.task(run, "each").get("error")).isEqualTo(
                "variable LIST has 1001 items, above the fan-out width limit of 1000 (varflow.max-fanout-width)");
    }

    private static List<String> json(String array) {
        return List.of(dev.varflow.messages.Json.read(array.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                String[].class));
    }
}
