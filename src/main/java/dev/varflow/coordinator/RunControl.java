package dev.varflow.coordinator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;
import dev.varflow.coordinator.auth.Caller;
import dev.varflow.coordinator.auth.PermissionGrant;
import dev.varflow.coordinator.auth.PermissionService;
import dev.varflow.coordinator.store.RunEntity;
import dev.varflow.engine.RunStatus;
import dev.varflow.infra.Sha256;
import dev.varflow.messages.RunEvent;

/**
 * Pauses, resumes, cancels and replays runs. The coordinator only reads the run: each request becomes a signed
 * {@link RunEvent.ControlRequested} on the run's partition of the events topic, which the run's gate alone applies,
 * in order with every other record of the run and in its batch transaction; the coordinator waits for the gate's
 * answer. Only the run's owner or an admin may do any of them ({@link Caller#mayControl}).
 */
@ApplicationScoped
public class RunControl {

    private final EventPublisher publisher;
    private final RunObserver observer;
    private final PermissionService permissions;
    private final int maxVariableBytes;
    private final Duration permissionTtl;
    private final Duration answerWait;

    public RunControl(EventPublisher publisher, RunObserver observer, PermissionService permissions,
            VarflowConfig config) {
        this.publisher = publisher;
        this.observer = observer;
        this.permissions = permissions;
        this.maxVariableBytes = config.maxVariableBytes();
        this.permissionTtl = config.attica().cacheTtl();
        this.answerWait = config.api().controlWait();
    }

    /** The run, read; fails with 404 when it does not exist, 403 when the caller neither started it nor is an admin. */
    public Uni<RunEntity> requireControl(String runId, Caller caller) {
        return Panache.withSession(() -> RunEntity.<RunEntity>findById(runId))
                .onItem().ifNull().failWith(() -> new NotFoundException("no run " + runId))
                .invoke(run -> caller.requireControl(runId, run.startedBy));
    }

    /** Stops new activations; running tasks finish. Rejected when the run is not running. */
    public Uni<ControlAnswer> pause(String runId, Caller caller) {
        return control(runId, caller, RunEvent.Control.PAUSE, status -> status == RunStatus.RUNNING);
    }

    /** Picks up exactly where the run was paused. Rejected when it is not paused. */
    public Uni<ControlAnswer> resume(String runId, Caller caller) {
        return control(runId, caller, RunEvent.Control.RESUME, status -> status == RunStatus.PAUSED);
    }

    /** Ends a running or paused run: nothing is activated afterwards, workers stop its running attempts. */
    public Uni<ControlAnswer> cancel(String runId, Caller caller) {
        return control(runId, caller, RunEvent.Control.CANCEL, status -> !status.isTerminal());
    }

    /**
     * Restarts a FAILED or STALLED run from its failed and timed-out tasks, keeping every variable already set, as
     * the run's next attempt; {@code vars} may set variables a stalled run was waiting for. With {@code authToken}
     * the run gets the token's permission set now; without, a token-authenticated run whose set is older than the
     * permission cache TTL is refused (400 naming authToken): Attica may have revoked what it granted. A run in any
     * other state answers 409.
     */
    public Uni<ControlAnswer> replay(String runId, Map<String, String> vars, String authToken, Caller caller) {
        try {
            // Variables of a replay become rows like start variables, and are checked the same way; a token must
            // never be among them (the run keeps its permissions).
            VariableChecks.checkReplay(vars, maxVariableBytes);
            VariableChecks.checkToken("authToken", authToken);
        } catch (BadRequestException e) {
            return Uni.createFrom().failure(e);
        }
        boolean fresh = authToken != null && !authToken.isBlank();
        // Ownership is checked before the token is traded, so a stranger's replay costs no Attica call.
        return requireControl(runId, caller).flatMap(run -> {
            if (run.status != RunStatus.FAILED && run.status != RunStatus.STALLED) {
                return Uni.createFrom().failure(notReplayable(runId, run.status));
            }
            if (!fresh && stale(run)) {
                return Uni.createFrom().failure(new BadRequestException("authToken", "Expected a fresh authToken to "
                        + "replay run " + runId + ", but its permission set was granted at " + permissionsAt(run)
                        + ", longer ago than varflow.attica.cache-ttl (" + permissionTtl + ")"));
            }
            Uni<RunEvent.Grant> grant = fresh ? permissions.permissionsFor(authToken).map(g -> grant(g, authToken))
                    : Uni.createFrom().nullItem();
            return grant.flatMap(g -> request(new RunEvent.ControlRequested(runId, UUID.randomUUID().toString(),
                    RunEvent.Control.REPLAY, run.attempt, Map.copyOf(vars), g, caller.name(),
                    System.currentTimeMillis()), run.attempt));
        }).invoke(answer -> {
            if (answer.outcome() == ControlAnswer.Outcome.REJECTED) {
                throw notReplayable(runId, answer.status());
            }
        });
    }

    private static ConflictException notReplayable(String runId, RunStatus status) {
        return new ConflictException("only FAILED or STALLED runs can be replayed; run " + runId + " is " + status);
    }

    private static RunEvent.Grant grant(PermissionGrant grant, String authToken) {
        return new RunEvent.Grant(grant.permissionsJson(), grant.error(), Sha256.hex(authToken),
                System.currentTimeMillis());
    }

    /** Whether the run's permission set came from a token longer ago than the permission cache TTL. */
    private boolean stale(RunEntity run) {
        return run.tokenHash != null
                && permissionsAt(run).plus(permissionTtl).isBefore(OffsetDateTime.now());
    }

    private static OffsetDateTime permissionsAt(RunEntity run) {
        return run.permissionsAt != null ? run.permissionsAt : run.createdAt;
    }

    private Uni<ControlAnswer> control(String runId, Caller caller, RunEvent.Control control,
            Predicate<RunStatus> allowed) {
        // A status that already forbids it needs no round trip through the gate; the gate decides the rest.
        return requireControl(runId, caller).flatMap(run -> allowed.test(run.status)
                ? request(new RunEvent.ControlRequested(runId, UUID.randomUUID().toString(), control, null, null,
                        null, caller.name(), System.currentTimeMillis()), run.attempt)
                : Uni.createFrom().item(ControlAnswer.rejected(run.status, run.attempt)));
    }

    /** Sends the command and waits (at most {@code varflow.api.control-wait}) for the gate's answer to it. */
    private Uni<ControlAnswer> request(RunEvent.ControlRequested command, int attempt) {
        CompletableFuture<RunEvent> answer = new CompletableFuture<>();
        return observer.watch(command.runId(), event -> {
            if (command.requestId().equals(event.answersRequest())) {
                answer.complete(event);
            }
        }).flatMap(handle -> publisher.publish(List.of(command))
                .chain(() -> Uni.createFrom().completionStage(answer).ifNoItem().after(answerWait)
                        .recoverWithItem((RunEvent) null))
                .eventually(handle)
                .map(event -> event == null ? ControlAnswer.PENDING : ControlAnswer.of(event, attempt)));
    }
}
