package dev.varflow.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;
import dev.varflow.messages.RunEvent;

/**
 * Pauses, resumes and replays runs. Each is a status change in the state store followed by a record on the
 * events topic, so the run's gate re-evaluates it in order with everything else.
 */
@ApplicationScoped
public class RunControl {

    private final EventPublisher publisher;
    private final int maxVariableBytes;

    public RunControl(EventPublisher publisher, VarflowConfig config) {
        this.publisher = publisher;
        this.maxVariableBytes = config.maxVariableBytes();
    }

    /** Stops new activations; running tasks finish. False when the run was not running. */
    public Uni<Boolean> pause(String runId) {
        return transition(runId, "RUNNING", "PAUSED", RunEvent.Type.RUN_PAUSED);
    }

    /** Picks up exactly where the run was paused. False when it was not paused. */
    public Uni<Boolean> resume(String runId) {
        return transition(runId, "PAUSED", "RUNNING", RunEvent.Type.RUN_RESUMED);
    }

    /**
     * Restarts a FAILED or STALLED run from its failed and timed-out tasks, keeping every variable already set, as
     * the run's next attempt; {@code vars} may set variables a stalled run was waiting for.
     */
    public Uni<Integer> replay(String runId, Map<String, String> vars) {
        try {
            // Variables of a replay become records and rows like start variables, and are checked the same way;
            // a token must never be among them (the run keeps its permissions).
            VariableChecks.checkReplay(vars, maxVariableBytes);
        } catch (BadRequestException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.withTransaction(() -> RunEntity.<RunEntity>findById(runId)
                .onItem().ifNull().failWith(() -> new NotFoundException("no run " + runId))
                .flatMap(run -> {
                    if (!"FAILED".equals(run.status) && !"STALLED".equals(run.status)) {
                        return Uni.createFrom().failure(new ConflictException(
                                "only FAILED or STALLED runs can be replayed; run " + runId + " is " + run.status));
                    }
                    return TaskRunEntity.delete("runId = ?1 and state in ?2", runId, List.of("FAILED", "TIMED_OUT"))
                            .chain(() -> RunEntity.update("status = 'RUNNING', attempt = attempt + 1, "
                                    + "finishedAt = null, waiting = null, started = false where id = ?1", runId))
                            .replaceWith(run.attempt + 1);
                }))
                .call(() -> {
                    List<RunEvent> events = new ArrayList<>();
                    vars.forEach((name, value) -> events.add(RunEvent.variable(runId, null, name, value)));
                    events.add(RunEvent.control(RunEvent.Type.RUN_STARTED, runId, "replay"));
                    return publisher.publish(events);
                });
    }

    private Uni<Boolean> transition(String runId, String from, String to, RunEvent.Type event) {
        return Panache.withTransaction(() -> RunEntity.update("status = ?1 where id = ?2 and status = ?3", to, runId,
                        from)
                .flatMap(updated -> updated > 0 ? Uni.createFrom().item(true)
                        : RunEntity.findById(runId).onItem().ifNull()
                                .failWith(() -> new NotFoundException("no run " + runId)).replaceWith(false)))
                .call(changed -> changed ? publisher.publish(List.of(RunEvent.control(event, runId, null)))
                        : Uni.createFrom().voidItem());
    }
}
