package dev.varflow.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.vertx.VertxContextSupport;

import dev.varflow.coordinator.RunControl;
import dev.varflow.coordinator.RunObserver;
import dev.varflow.coordinator.auth.Caller;
import dev.varflow.coordinator.RunService;
import dev.varflow.coordinator.RunView;
import dev.varflow.coordinator.StartRunRequest;
import dev.varflow.coordinator.WorkflowService;
import dev.varflow.coordinator.WorkflowSummary;
import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.RunEvent;

/** {@code varflow run FILE}: registers the file, starts a run, prints it live, exits 0 only if it succeeded. */
public class RunCommand implements QuarkusApplication {

    private static volatile String file;
    private static volatile Map<String, String> vars = Map.of();
    private static volatile Duration timeout;
    private static volatile List<String> notes = List.of();
    private static volatile int exitCode = 1;

    private final WorkflowService workflows;
    private final RunService runs;
    private final RunObserver observer;
    private final RunControl control;
    private final PrintStream out = System.out;

    public RunCommand(WorkflowService workflows, RunService runs, RunObserver observer, RunControl control) {
        this.control = control;
        this.workflows = workflows;
        this.runs = runs;
        this.observer = observer;
    }

    /** What to run, set by {@code varflow run} before it starts Quarkus; a null timeout waits for the end. */
    static void configure(String workflowFile, Map<String, String> startVars, Duration runTimeout,
            List<String> infrastructureNotes) {
        file = workflowFile;
        vars = startVars;
        timeout = runTimeout;
        notes = infrastructureNotes;
    }

    static void exitCode(int code) {
        exitCode = code;
    }

    static int exitCode() {
        return exitCode;
    }

    @Override
    public int run(String... args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long appReady = System.currentTimeMillis();
        notes.forEach(note -> out.println("varflow: " + note));
        out.printf("varflow: ready %d ms after the command started%n", appReady - jvmStart);
        String source = dev.varflow.workflow.WorkflowFiles.read(Path.of(file));
        WorkflowSummary workflow = await(() -> workflows.register(file, source));
        String runId = UUID.randomUUID().toString();
        CompletableFuture<RunEvent.RunFinished> finished = new CompletableFuture<>();
        Map<String, List<String>> emitted = new ConcurrentHashMap<>();
        long[] firstTaskAt = {0};
        try (AutoCloseable listening = observer.listen(runId, event -> {
            if (event.startsAttempt() && firstTaskAt[0] == 0) {
                firstTaskAt[0] = event instanceof RunEvent.TaskFinished taskFinished ? taskFinished.startedAt()
                        : event.at();
            }
            print(event, emitted);
            if (event instanceof RunEvent.RunFinished runFinished) {
                finished.complete(runFinished);
            }
        })) {
            out.printf("run %s of %s v%d started%n", runId, workflow.name(), workflow.version());
            await(() -> runs.start(new StartRunRequest(workflow.name(),
                    workflow.version(), vars, null), runId, dev.varflow.coordinator.auth.ApiIdentityAugmentor.LOCAL));
            try {
                if (timeout == null) {
                    finished.get();
                } else {
                    finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (TimeoutException e) {
                out.printf("timed out after %s s: cancelling the run%n", DurationConverter.seconds(timeout));
                await(() -> control.cancel(runId, LOCAL_ADMIN));
                // A run that did not succeed in time is a failure of the command's work, like a FAILED run.
                return 1;
            }
        }
        RunView view = await(() -> runs.get(runId));
        summarize(view, jvmStart, firstTaskAt[0]);
        return view.status() == RunStatus.SUCCEEDED ? 0 : 1;
    }

    /** The one-process mode's caller: the local admin, who may control every run. */
    private static final Caller LOCAL_ADMIN = new Caller(dev.varflow.coordinator.auth.ApiIdentityAugmentor.LOCAL,
            true);

    /** Runs service calls on a Vert.x context, as Hibernate Reactive requires. */
    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> call) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private void print(RunEvent event, Map<String, List<String>> emitted) {
        if (event instanceof RunEvent.TaskStarted started) {
            out.printf("  %-20s started on %s%n", started.task(), started.worker());
        } else if (event instanceof RunEvent.Variable variable) {
            if (variable.task() != null) {
                emitted.computeIfAbsent(variable.task(), t -> new ArrayList<>())
                        .add(variable.name() + "=" + variable.value());
            }
        } else if (event instanceof RunEvent.TaskFinished finished) {
            finished.variables().forEach(variable -> emitted.computeIfAbsent(variable.task(),
                    t -> new ArrayList<>()).add(variable.name() + "=" + variable.value()));
            if (Boolean.TRUE.equals(finished.reportsStart())) {
                out.printf("  %-20s started on %s%n", finished.task(), finished.worker());
            }
            List<String> outputs = emitted.getOrDefault(finished.task(), List.of());
            String detail = finished.error() != null ? finished.error() : String.join(" ", outputs);
            long millis = finished.startedAt() == null ? 0 : finished.at() - finished.startedAt();
            String attempt = finished.attempt() != null
                    && (finished.attempt() > 1 || finished.state() == TaskState.FAILED)
                    ? " (attempt " + finished.attempt() + ")" : "";
            out.printf("  %-20s %s in %d ms%s%s%n", finished.task(),
                    finished.state().name().toLowerCase().replace('_', ' '), millis, attempt,
                    detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private void summarize(RunView view, long jvmStart, long firstTaskAt) {
        out.printf("run %s %s%n", view.id(), view.status());
        if (!view.variables().isEmpty()) {
            out.println("variables:");
            view.variables().forEach((name, value) -> out.printf("  %s=%s%n", name, value));
        }
        for (RunView.TaskView task : view.tasks()) {
            if (task.state() == TaskState.FAILED) {
                out.printf("task %s failed: %s%n", task.name(), task.error());
                if (task.output() != null && !task.output().isBlank()) {
                    out.println(task.output().indent(4).stripTrailing());
                }
            }
        }
        view.tasks().stream().filter(t -> t.state() == TaskState.SKIPPED)
                .forEach(t -> out.printf("task %s skipped: its condition was false%n", t.name()));
        view.waiting().forEach((task, inputs) -> out.printf("task %s never fired: waits for %s%n", task,
                String.join(", ", inputs)));
        if (firstTaskAt > 0) {
            out.printf("first task started %d ms after the command started%n", firstTaskAt - jvmStart);
        }
    }

}
