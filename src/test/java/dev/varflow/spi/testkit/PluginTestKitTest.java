package dev.varflow.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;

/** The plugin test kit: params checked like the loader does, the worker's rules for permissions and outputs. */
class PluginTestKitTest {

    /** Emits COUNT (the count param as text), EXTRA, and its working directory; needs permission "count". */
    private static final TaskPlugin COUNTER = new TaskPlugin() {
        @Override
        public String name() {
            return "counter";
        }

        @Override
        public Set<String> requiredPermissions() {
            return Set.of("count");
        }

        @Override
        public PluginDescriptor describe() {
            return new PluginDescriptor(name(), "counts", List.of(Param.required("count", ParamType.INTEGER, "n", "3")
                    .between(1L, 10L)), false, List.of(), List.of(), "");
        }

        @Override
        public CompletionStage<TaskResult> execute(TaskContext context) {
            context.logger().info("counting");
            return CompletableFuture.completedFuture(TaskResult.succeeded(Map.of("COUNT",
                    (String) context.params().get("count"), "EXTRA", "x",
                    "DIR", String.valueOf(context.workingDirectory()))));
        }
    };

    @Test
    void shouldRunWithParamsAsTextAndKeepOnlyDeclaredOutputs() {
        // when
        PluginRun run = PluginTestKit.of(COUNTER).param("count", 7).permissions("count").outputs("COUNT").run();

        // then
        run.assertSucceeded().assertOutput("COUNT", "7");
        assertThat(run.outputs()).containsOnlyKeys("COUNT");
        assertThat(run.logLines()).containsExactly("INFO counting");
    }

    @Test
    void shouldRefuseParamsNoWorkflowCouldSet() {
        // given
        PluginTestKit kit = PluginTestKit.of(COUNTER).permissions("count");

        // when / then
        assertThatThrownBy(kit::run).hasMessageContaining("needs params.count");
        assertThatThrownBy(kit.param("count", 11)::run).hasMessageContaining("between 1 and 10");
        assertThatThrownBy(kit.param("count", 2).param("cuont", 1)::run).hasMessageContaining("no param 'cuont'");
    }

    @Test
    void shouldFailWithoutTheRequiredPermissionAsTheWorkerDoes() {
        // when / then
        PluginTestKit.of(COUNTER).param("count", 1).run().assertFailed("missing permission count");
        assertThatThrownBy(() -> PluginTestKit.of(COUNTER).param("count", 1).run().assertSucceeded())
                .isInstanceOf(AssertionError.class).hasMessageContaining("Expected the plugin to succeed, but it "
                        + "ended FAILED: missing permission count");
    }

    @Test
    void shouldReportAPluginThatDoesNotFinishAsTimedOut() {
        // given
        TaskPlugin never = new TaskPlugin() {
            @Override
            public String name() {
                return "never";
            }

            @Override
            public CompletionStage<TaskResult> execute(TaskContext context) {
                return new CompletableFuture<>();
            }
        };

        // when
        PluginRun run = PluginTestKit.of(never).timeout(Duration.ofMillis(50)).run();

        // then
        assertThat(run.result().outcome()).isEqualTo(TaskResult.Outcome.TIMED_OUT);
    }
}
