package dev.varflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.varflow.workflow.Execution;
import dev.varflow.workflow.Foreach;
import dev.varflow.workflow.SourceLocation;
import dev.varflow.workflow.TaskDefinition;

class FanOutItemsTest {

    private static TaskDefinition task(String variable) {
        return task(new Foreach.Variable(variable));
    }

    private static TaskDefinition task(List<?> items) {
        return task(new Foreach.Literal(List.<Object>copyOf(items)));
    }

    private static TaskDefinition task(Foreach foreach) {
        return new TaskDefinition("T", "cmd", List.of("FILES"), List.of("OUT"), Map.of(),
                Execution.NONE.withForeach(foreach, OptionalInt.of(3)), List.of(), false,
                new SourceLocation("f", 1, 1));
    }

    @Test
    void shouldReadItemsFromAJsonArrayVariable() {
        // given
        TaskDefinition task = task("FILES");

        // when
        FanOutItems.Resolved resolved = FanOutItems.resolve(task, Map.of("FILES", "[\"a\", \"b\"]"), 10);

        // then
        assertThat(resolved.error()).isNull();
        assertThat(resolved.items()).extracting(n -> n.asText()).containsExactly("a", "b");
        assertThat(FanOutItems.concurrency(task)).isEqualTo(3);
    }

    @Test
    void shouldRejectAVariableThatIsNotAJsonArray() {
        // when
        FanOutItems.Resolved resolved = FanOutItems.resolve(task("FILES"), Map.of("FILES", "{\"a\": 1}"), 10);

        // then
        assertThat(resolved.error()).contains("must hold a JSON array");
    }

    @Test
    void shouldFailTheFanOutWhenAnItemKeyIsAReservedName() {
        // given an upstream task printed a list whose items would set up the shell of every item
        String items = "[{\"n\": 1}, {\"SHELLOPTS\": \"xtrace\", \"PS4\": \"$(touch /tmp/pwned)\"}]";

        // when
        FanOutItems.Resolved resolved = FanOutItems.resolve(task("FILES"), Map.of("FILES", items), 10);

        // then
        assertThat(resolved.items()).isEmpty();
        assertThat(resolved.error()).startsWith("item 1 of variable FILES has a key that cannot be a variable: "
                + "variable name 'SHELLOPTS' is reserved");
    }

    @Test
    void shouldNeverPutAReservedKeyIntoTheInputs() throws Exception {
        // given an item that did not go through resolve()
        var item = new ObjectMapper().readTree("{\"LD_PRELOAD\": \"/tmp/x.so\", \"auth_token\": \"t\", \"n\": 1}");

        // when
        Map<String, String> inputs = FanOutItems.inputs(Map.of(), item, 0);

        // then
        assertThat(inputs).containsOnlyKeys("n", "ITEM", "ITEM_INDEX");
    }

    @Test
    void shouldRejectAListWiderThanTheLimit() {
        // when
        FanOutItems.Resolved resolved = FanOutItems.resolve(task("FILES"), Map.of("FILES", "[1, 2, 3]"), 2);

        // then
        assertThat(resolved.error()).isEqualTo(
                "variable FILES has 3 items, above the fan-out width limit of 2 (varflow.max-fanout-width)");
    }

    @Test
    void shouldGiveEachKeyOfAParameterSetAsAnInput() throws Exception {
        // given
        TaskDefinition task = task(List.of(Map.of("n", "1"), Map.of("n", "2", "word", "two")));
        FanOutItems.Resolved resolved = FanOutItems.resolve(task, Map.of(), 10);

        // when
        Map<String, String> inputs = FanOutItems.inputs(Map.of("FILES", "x"), resolved.items().get(1), 1);

        // then
        assertThat(inputs).containsEntry("FILES", "x").containsEntry("n", "2").containsEntry("word", "two")
                .containsEntry("ITEM_INDEX", "1");
        assertThat(new ObjectMapper().readTree(inputs.get("ITEM")))
                .isEqualTo(new ObjectMapper().readTree("{\"n\": \"2\", \"word\": \"two\"}"));
    }

    @Test
    void shouldJoinItemOutputsInItemOrderWithNullForMissingOnes() {
        // given
        Map<String, String> variables = Map.of("T#0.OUT", "x", "T#2.OUT", "z");

        // when
        Map<String, String> joined = FanOutItems.join("T", List.of("OUT"), 3, variables);

        // then
        assertThat(joined).containsExactly(Map.entry("OUT", "[\"x\",null,\"z\"]"));
    }

    @Test
    void shouldNameItemsAfterTheirTask() {
        // when
        String item = FanOutItems.itemTask("MEASURE", 12);

        // then
        assertThat(item).isEqualTo("MEASURE#12");
        assertThat(FanOutItems.parentOf(item)).isEqualTo("MEASURE");
        assertThat(FanOutItems.indexOf(item)).isEqualTo(12);
        assertThat(FanOutItems.indexOf("MEASURE")).isEqualTo(-1);
    }
}
