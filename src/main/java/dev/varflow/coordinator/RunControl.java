package dev.varflow.coordinator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;
import dev.varflow.coordinator.auth.Caller;
import dev.varflow.coordinator.auth.PermissionService;
import dev.varflow.coordinator.store.RunEntity;
import dev.varflow.coordinator.store.TaskRunEntity;
import dev.varflow.infra.Sha256;
import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.RunEvent;

/**
 * Pauses, resumes and replays runs. Each is a status change in the state store followed by a record on the
 * events topic, so the run's gate re-evaluates it in order with everything else. Only the run's owner or an admin
 * may do any of them ({@link Caller#mayControl}).
 */
@ApplicationScoped
public class RunControl {

    private final EventPublisher publisher;
    private final int maxVariableBytes;
    private final PermissionService permissions;
    private final Duration permissionTtl;

    public RunControl(EventPublisher publisher, PermissionService permissions, VarflowConfig config) {
        this.publisher = publisher;
        this.permissions = permissions;
        this.maxVariableBytes = config.maxVariableBytes();
        this.permissionTtl = config.attica().cacheTtl();
    }

    /** Fails with 404 when the run does not exist, 403 when the caller neither started it nor is an admin. */
    public Uni<Void> requireControl(String runId, Caller caller) {
        return Panache.withSession(() -> RunEntity.<RunEntity>findById(runId))
                .onItem().ifNull().failWith(() -> new NotFoundException("no run " + runId))
                .invoke(run -> caller.requireControl(runId, run.startedBy))
                .replaceWithVoid();
    }

    /** Stops new activations; running tasks finish. False when the run was not running. */
    public Uni<Boolean> pause(String runId) {
        return transition(runId, RunStatus.RUNNING, RunStatus.PAUSED, () -> RunEvent.runPaused(runId));
    }

    /** Picks up exactly where the run was paused. False when it was not paused. */
    public Uni<Boolean> resume(String runId) {
        return transition(runId, RunStatus.PAUSED, RunStatus.RUNNING, () -> RunEvent.runResumed(runId));
    }

    /**
     * Restarts a FAILED or STALLED run from its failed and timed-out tasks, keeping every variable already set, as
     * the run's next attempt; {@code vars} may set variables a stalled run was waiting for. With {@code authToken}
     * the run gets the token's permission set now; without, a token-authenticated run whose set is older than the
     * permission cache TTL is refused (400 naming authToken): Attica may have revoked what it granted.
     */
    public Uni<Integer> replay(String runId, Map<String, String> vars, String authToken, Caller caller) {
        try {
            // Variables of a replay become records and rows like start variables, and are checked the same way;
            // a token must never be among them (the run keeps its permissions).
            VariableChecks.checkReplay(vars, maxVariableBytes);
            VariableChecks.checkToken("authToken", authToken);
        } catch (BadRequestException e) {
            return Uni.createFrom().failure(e);
        }
        boolean fresh = authToken != null && !authToken.isBlank();
        // Ownership is checked before the token is traded, so a stranger's replay costs no Attica call.
        return requireControl(runId, caller)
                .chain(() -> fresh ? permissions.permissionsFor(authToken) : Uni.createFrom().nullItem())
                .flatMap(grant -> Panache.withTransaction(() -> RunEntity.<RunEntity>findById(runId)
                .onItem().ifNull().failWith(() -> new NotFoundException("no run " + runId))
                .flatMap(run -> {
                    if (run.status != RunStatus.FAILED && run.status != RunStatus.STALLED) {
                        return Uni.createFrom().failure(new ConflictException(
                                "only FAILED or STALLED runs can be replayed; run " + runId + " is " + run.status));
                    }
                    if (grant == null && stale(run)) {
                        return Uni.createFrom().failure(new BadRequestException("authToken", "Expected a fresh "
                                + "authToken to replay run " + runId + ", but its permission set was granted at "
                                + permissionsAt(run) + ", longer ago than varflow.attica.cache-ttl ("
                                + permissionTtl + ")"));
                    }
                    Uni<Integer> permissionsSet = grant == null ? Uni.createFrom().item(0)
                            : RunEntity.update("permissions = ?1, permissionError = ?2, tokenHash = ?3, "
                                    + "permissionsAt = ?4 where id = ?5", grant.permissionsJson(),
                                    grant.error(), Sha256.hex(authToken), OffsetDateTime.now(), runId);
                    return permissionsSet
                            .chain(() -> TaskRunEntity.delete("runId = ?1 and state in ?2", runId,
                                    List.of(TaskState.FAILED, TaskState.TIMED_OUT)))
                            .chain(() -> RunEntity.update("status = ?2, attempt = attempt + 1, finishedAt = null, "
                                    + "waiting = null, started = false where id = ?1", runId, RunStatus.RUNNING))
                            .replaceWith(run.attempt + 1);
                })))
                .call(() -> {
                    List<RunEvent> events = new ArrayList<>();
                    vars.forEach((name, value) -> events.add(RunEvent.variable(runId, null, name, value)));
                    events.add(RunEvent.replayStarted(runId));
                    return publisher.publish(events);
                });
    }

    /** Whether the run's permission set came from a token longer ago than the permission cache TTL. */
    private boolean stale(RunEntity run) {
        return run.tokenHash != null
                && permissionsAt(run).plus(permissionTtl).isBefore(OffsetDateTime.now());
    }

    private static OffsetDateTime permissionsAt(RunEntity run) {
        return run.permissionsAt != null ? run.permissionsAt : run.createdAt;
    }

    private Uni<Boolean> transition(String runId, RunStatus from, RunStatus to, Supplier<RunEvent> event) {
        return Panache.withTransaction(() -> RunEntity.update("status = ?1 where id = ?2 and status = ?3", to, runId,
                        from)
                .flatMap(updated -> updated > 0 ? Uni.createFrom().item(true)
                        : RunEntity.findById(runId).onItem().ifNull()
                                .failWith(() -> new NotFoundException("no run " + runId)).replaceWith(false)))
                .call(changed -> changed ? publisher.publish(List.of(event.get()))
                        : Uni.createFrom().voidItem());
    }
}
