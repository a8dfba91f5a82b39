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

    @Test
    void shouldFinishNoopAfterItsDelayWithoutHoldingAThread() {
        // given
        NoopPlugin noop = new NoopPlugin();
        long started = System.nanoTime();

        // when
        var pending = noop.execute(CONTEXT.withOutputs("A").withParam("delay_ms", "150")).toCompletableFuture();

        // then it returned at once and completes about 150 ms later with its outputs
        assertThat(pending).isNotDone();
        TaskResult result = pending.join();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
                java.time.Duration.ofMillis(150));
        assertThat(result.outputs()).isEqualTo(Map.of("A", "1"));
    }

    @Test
    void shouldRejectANoopDelayThatIsNotANumber() {
        // when
        TaskResult result = new NoopPlugin().execute(CONTEXT.withParam("delay_ms", "soon")).toCompletableFuture()
                .join();

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.FAILED);
        assertThat(result.error()).contains("params.delay_ms").contains("soon");
    }
}
