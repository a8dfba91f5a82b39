package dev.varflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;
import dev.varflow.plugins.PluginRegistry;

/** What a worker emits for an activation: no Kafka, no database, real plugins. */
class TaskExecutorOutcomeTest {

    @TempDir
    Path workRoot;

    private TaskExecutor executor(int maxVariableBytes) {
        // Runs here carry no token: grant plugin permissions as the one-process mode does.
        return new TaskExecutor(PluginRegistry.load(null), workRoot, "worker-1", maxVariableBytes,
                new PermissionCheck(java.util.Set.of("*")));
    }

    @Test
    void shouldEmitOnlyDeclaredOutputsInOneRecordWithTheOutcome() throws Exception {
        // given
        Activation activation = cmd("echo A=1; echo B=2", List.of("A"), null);

        // when
        List<RunEvent> events = run(executor(100), activation);

        // then
        assertThat(events).extracting(RunEvent::type).containsExactly(RunEvent.Type.TASK_FINISHED);
        assertThat(finished(events).outputs()).containsExactly(Map.entry("A", "1"));
        assertThat(finished(events).variables()).extracting(RunEvent.Variable::task, RunEvent.Variable::name,
                RunEvent.Variable::value).containsExactly(org.assertj.core.groups.Tuple.tuple("t", "A", "1"));
        assertThat(finished(events).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(finished(events).attempt()).isEqualTo(2);
    }

    @Test
    void shouldSendAnEmissionTooLargeForOneRecordAsOneVariableRecordPerOutputBeforeTheOutcome() throws Exception {
        // given five outputs of 60,000 bytes: 300,000 bytes, more than one TASK_FINISHED carries
        Activation activation = cmd("for n in 1 2 3 4 5; do printf 'V%s=%060000d\\n' $n 0; done", List.of("*"), null);

        // when
        List<RunEvent> events = run(executor(65536), activation);

        // then
        assertThat(events).extracting(RunEvent::type).containsExactly(RunEvent.Type.VARIABLE, RunEvent.Type.VARIABLE,
                RunEvent.Type.VARIABLE, RunEvent.Type.VARIABLE, RunEvent.Type.VARIABLE, RunEvent.Type.TASK_FINISHED);
        assertThat(variableNames(events)).containsExactly("V1", "V2", "V3", "V4", "V5");
        assertThat(finished(events).outputs()).isNull();
        assertThat(finished(events).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void shouldTakeAnyOutputWithStar() throws Exception {
        List<RunEvent> events = run(executor(100), cmd("echo A=1; echo B=2", List.of("*"), null));
        assertThat(variableNames(events)).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void shouldDropOutputsWithReservedNamesEvenWithStarAndSaySo() throws Exception {
        // when
        List<RunEvent> events = run(executor(100),
                cmd("echo A=1; echo PATH=/tmp/evil; echo auth_token=stolen; echo LD_PRELOAD=/tmp/x.so", List.of("*"),
                        null));

        // then
        assertThat(variableNames(events)).containsExactly("A");
        RunEvent.TaskFinished finished = finished(events);
        assertThat(finished.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(finished.output()).endsWith(TaskExecutor.IGNORED_NOTE + "PATH, auth_token, LD_PRELOAD\n");
    }

    @Test
    void shouldFailAndEmitNothingWhenAValueIsOverTheLimit() throws Exception {
        // when
        List<RunEvent> events = run(executor(10), cmd("echo SMALL=1; echo BIG=12345678901", List.of("*"), null));

        // then
        assertThat(events).hasSize(1);
        assertThat(finished(events).state()).isEqualTo(TaskState.FAILED);
        assertThat(finished(events).error()).isEqualTo("variable BIG is 11 bytes, above the limit of 10");
    }

    @Test
    void shouldFailAnAttemptOverItsTimeout() throws Exception {
        // when
        long started = System.nanoTime();
        List<RunEvent> events = run(executor(100), cmd("sleep 20", List.of(), 300L));

        // then
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(finished(events).state()).isEqualTo(TaskState.FAILED);
        assertThat(finished(events).error()).isEqualTo("attempt timed out after 0.3 s");
    }

    @Test
    void shouldStopAttemptsOfACancelledRunAndSkipItsLaterOnes() throws Exception {
        // given
        TaskExecutor executor = executor(100);
        var running = executor.execute(cmd("sleep 20", List.of(), null)).toCompletableFuture();
        Thread.sleep(200); // not polling: lets the attempt start before the cancel

        // when
        executor.cancelRun("run-1");

        // then
        assertThat(finished(running.get(10, TimeUnit.SECONDS)).error()).isEqualTo("run cancelled");
        assertThat(finished(run(executor, cmd("echo A=1", List.of("A"), null))).error()).isEqualTo("run cancelled");
    }

    @Test
    void shouldFailWhenThePluginIsNotInstalled() throws Exception {
        Activation activation = new Activation("run-1", "t", "nope", Map.of(), Map.of(), List.of(), null, null,
                List.of(), false, 0, 1, null, null);
        assertThat(finished(run(executor(100), activation)).error())
                .isEqualTo("plugin 'nope' is not installed on worker worker-1");
    }

    @Test
    void shouldCreateTheRunDirectoryOnlyForPluginsThatUseIt() throws Exception {
        // given
        TaskExecutor executor = executor(1000);

        // when
        List<RunEvent> noop = run(executor, activation("run-noop", "noop", Map.of(), List.of("OUT")));
        List<RunEvent> start = run(executor, activation("run-start", "start", Map.of(), List.of("OUT")));
        List<RunEvent> cmd = run(executor, activation("run-cmd", "cmd", Map.of("command", "echo DIR=$(pwd -P)"),
                List.of("DIR")));

        // then
        assertThat(finished(noop).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(finished(start).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(workRoot.resolve("run-noop")).doesNotExist();
        assertThat(workRoot.resolve("run-start")).doesNotExist();
        assertThat(workRoot.resolve("run-cmd")).isDirectory();
        assertThat(finished(cmd).outputs()).containsEntry("DIR", workRoot.resolve("run-cmd").toRealPath().toString());
    }

    @Test
    void shouldFailTheAttemptWhenItsDirectoryCannotBeCreated() throws Exception {
        // given a file where the run's directory would be
        Files.writeString(workRoot.resolve("run-1"), "in the way");

        // when
        List<RunEvent> events = run(executor(100), cmd("echo A=1", List.of("A"), null));

        // then
        assertThat(events).hasSize(1);
        assertThat(finished(events).state()).isEqualTo(TaskState.FAILED);
        assertThat(finished(events).error()).startsWith("UncheckedIOException: cannot create working directory ");
    }

    private static Activation activation(String runId, String plugin, Map<String, Object> params,
            List<String> outputs) {
        return new Activation(runId, "t", plugin, params, Map.of(), outputs, null, null, List.of(), false, 0, 1,
                null, null);
    }

    /** The outcome's last record, its TASK_FINISHED. */
    private static RunEvent.TaskFinished finished(List<RunEvent> events) {
        assertThat(events.get(events.size() - 1)).isInstanceOf(RunEvent.TaskFinished.class);
        return (RunEvent.TaskFinished) events.get(events.size() - 1);
    }

    /** The variables an attempt emitted, in one record or (too large for one) in VARIABLE records before it. */
    private static List<String> variableNames(List<RunEvent> events) {
        List<String> names = new java.util.ArrayList<>(events.stream().filter(RunEvent.Variable.class::isInstance)
                .map(RunEvent.Variable.class::cast).map(RunEvent.Variable::name).toList());
        names.addAll(finished(events).variables().stream().map(RunEvent.Variable::name).toList());
        return names;
    }

    private static List<RunEvent> run(TaskExecutor executor, Activation activation) throws Exception {
        return executor.execute(activation).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Activation cmd(String command, List<String> outputs, Long timeoutMillis) {
        return new Activation("run-1", "t", "cmd", Map.of("command", command), Map.of(), outputs, null, null,
                List.of(), false, 0, 2, timeoutMillis, null);
    }
}
