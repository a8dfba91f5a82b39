package dev.varflow.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;

/** Every kind of event keeps the JSON it had as one flat record: same type names, field names, nulls left out. */
class RunEventJsonTest {

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(new RunEvent.RunStarted("r1", "replay", 1000, "q1"),
                        "{\"type\":\"RUN_STARTED\",\"runId\":\"r1\",\"error\":\"replay\",\"at\":1000,"
                                + "\"requestId\":\"q1\"}"),
                Arguments.of(new RunEvent.RunStarted("r1", null, 1000, null),
                        "{\"type\":\"RUN_STARTED\",\"runId\":\"r1\",\"at\":1000}"),
                Arguments.of(new RunEvent.Variable("r1", "fetch", "X", "1", 1000),
                        "{\"type\":\"VARIABLE\",\"runId\":\"r1\",\"task\":\"fetch\",\"name\":\"X\",\"value\":\"1\","
                                + "\"at\":1000}"),
                Arguments.of(new RunEvent.TaskStarted("r1", "fetch", "w1", 1000, 2, 1_000_123L, 3),
                        "{\"type\":\"TASK_STARTED\",\"runId\":\"r1\",\"task\":\"fetch\",\"worker\":\"w1\","
                                + "\"at\":1000,\"attempt\":2,\"atMicros\":1000123,\"runAttempt\":3}"),
                Arguments.of(new RunEvent.TaskFinished("r1", "fetch", TaskState.FAILED, "w1", 7, "out", "boom", 900L,
                        1000, 2, 1_000_123L, 900_456L, Boolean.TRUE, null, null),
                        "{\"type\":\"TASK_FINISHED\",\"runId\":\"r1\",\"task\":\"fetch\",\"state\":\"FAILED\","
                                + "\"worker\":\"w1\",\"exitCode\":7,\"output\":\"out\",\"error\":\"boom\","
                                + "\"startedAt\":900,\"at\":1000,\"attempt\":2,\"atMicros\":1000123,"
                                + "\"startedAtMicros\":900456,\"reportsStart\":true}"),
                Arguments.of(new RunEvent.TaskFinished("r1", "fetch", TaskState.SUCCEEDED, "w1", 0, null, null, 900L,
                        1000, 1, 1_000_123L, 900_456L, null, 1, outputs("X", "1", "Y", "two")),
                        "{\"type\":\"TASK_FINISHED\",\"runId\":\"r1\",\"task\":\"fetch\",\"state\":\"SUCCEEDED\","
                                + "\"worker\":\"w1\",\"exitCode\":0,\"startedAt\":900,\"at\":1000,\"attempt\":1,"
                                + "\"atMicros\":1000123,\"startedAtMicros\":900456,\"runAttempt\":1,"
                                + "\"outputs\":{\"X\":\"1\",\"Y\":\"two\"}}"),
                Arguments.of(new RunEvent.RunFinished("r1", RunStatus.STALLED, null, 1000,
                        Map.of("join", List.of("Y")), null),
                        "{\"type\":\"RUN_FINISHED\",\"runId\":\"r1\",\"state\":\"STALLED\",\"at\":1000,"
                                + "\"waiting\":{\"join\":[\"Y\"]}}"),
                Arguments.of(new RunEvent.RunFinished("r1", RunStatus.FAILED, "run deadline exceeded", 1000, null, null),
                        "{\"type\":\"RUN_FINISHED\",\"runId\":\"r1\",\"state\":\"FAILED\","
                                + "\"error\":\"run deadline exceeded\",\"at\":1000}"),
                Arguments.of(new RunEvent.RunPaused("r1", 1000, "q2"),
                        "{\"type\":\"RUN_PAUSED\",\"runId\":\"r1\",\"at\":1000,\"requestId\":\"q2\"}"),
                Arguments.of(new RunEvent.RunResumed("r1", 1000, null),
                        "{\"type\":\"RUN_RESUMED\",\"runId\":\"r1\",\"at\":1000}"),
                Arguments.of(new RunEvent.ControlRequested("r1", "q3", RunEvent.Control.REPLAY, 2, Map.of("X", "1"),
                        new RunEvent.Grant("[\"p\"]", null, "abc", 900), "ada", 1000),
                        "{\"type\":\"CONTROL_REQUESTED\",\"runId\":\"r1\",\"requestId\":\"q3\","
                                + "\"control\":\"REPLAY\",\"expectedAttempt\":2,\"vars\":{\"X\":\"1\"},"
                                + "\"grant\":{\"permissions\":\"[\\\"p\\\"]\",\"tokenHash\":\"abc\",\"at\":900},"
                                + "\"by\":\"ada\",\"at\":1000}"),
                Arguments.of(new RunEvent.ControlRejected("r1", "q4", RunEvent.Control.PAUSE, RunStatus.SUCCEEDED, 1,
                        1000),
                        "{\"type\":\"CONTROL_REJECTED\",\"runId\":\"r1\",\"requestId\":\"q4\","
                                + "\"control\":\"PAUSE\",\"status\":\"SUCCEEDED\",\"attempt\":1,\"at\":1000}"));
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldWriteEachKindOfEventAsTodaysJson(RunEvent event, String json) {
        // when
        String written = new String(Json.write(event), StandardCharsets.UTF_8);

        // then
        assertThat(written).isEqualTo(json);
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldReadEachKindOfEventBackFromTodaysJson(RunEvent event, String json) {
        // when
        RunEvent read = Json.read(json.getBytes(StandardCharsets.UTF_8), RunEvent.class);

        // then
        assertThat(read).isEqualTo(event);
        assertThat(read.type().name()).isEqualTo(json.substring(9, json.indexOf('"', 9)));
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldWriteTheSameJsonThroughTheSharedInterfaceType(RunEvent event, String json) throws Exception {
        // when the declared type is the interface, as for the SSE stream and lists of events
        String written = Json.mapper().writerFor(RunEvent.class).writeValueAsString(event);

        // then
        assertThat(written).isEqualTo(json);
    }

    private static Map<String, String> outputs(String... namesAndValues) {
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            outputs.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return outputs;
    }
}
