package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.varflow.spi.TaskResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalPluginsTest {

    private static final TestTaskContext CONTEXT = TestTaskContext.in(Path.of("."));

    @Test
    void shouldEmitDeclaredOutputsOnStart() {
        // given
        TestTaskContext context = CONTEXT.withOutputs("READY", "GO");

        // when
        TaskResult result = new StartPlugin().execute(context).toCompletableFuture().join();

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.outputs()).isEqualTo(Map.of("READY", "1", "GO", "1"));
    }

    @Test
    void shouldEmitTrueOnStartWithoutDeclaredOutputs() {
        // when
        TaskResult result = new StartPlugin().execute(CONTEXT).toCompletableFuture().join();

        // then
        assertThat(result.outputs()).isEqualTo(Map.of("TRUE", "1"));
    }

    @Test
    void shouldSucceedWithoutOutputsOnEnd() {
        // when
        TaskResult result = new EndPlugin().execute(CONTEXT.withOutputs("X")).toCompletableFuture().join();

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.outputs()).isEmpty();
    }

    @Test
    void shouldEmitDeclaredOutputsExceptAnyOnNoop() {
        // given
        NoopPlugin noop = new NoopPlugin();
        TestTaskContext context = CONTEXT.withOutputs("A", "*", "B");

        // when
        TaskResult first = noop.execute(context).toCompletableFuture().join();
        TaskResult second = noop.execute(CONTEXT.withOutputs("A", "*", "B")).toCompletableFuture().join();
        TaskResult none = noop.execute(CONTEXT).toCompletableFuture().join();

        // then
        assertThat(first.outputs()).isEqualTo(Map.of("A", "1", "B", "1"));
        assertThat(second).isSameAs(first);
        assertThat(none.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(none.outputs()).isEmpty();
    }
}
