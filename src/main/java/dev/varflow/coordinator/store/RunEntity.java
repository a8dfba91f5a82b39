package dev.varflow.coordinator.store;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

import dev.varflow.coordinator.auth.Caller;
import dev.varflow.engine.RunStatus;

/** A run: its pinned workflow version, status and permission set (never its token). */
@Entity
@Table(name = "runs")
public class RunEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "workflow_id")
    public Long workflowId;

    @Column(name = "workflow_name")
    public String workflowName;

    @Enumerated(EnumType.STRING)
    public RunStatus status;

    /** JSON array of permission names; null when the run has no token. */
    public String permissions;

    @Column(name = "permission_error")
    public String permissionError;

    /** SHA-256 of the token, to correlate runs of one caller without keeping the token. */
    @Column(name = "token_hash")
    public String tokenHash;

    /** Who started the run: a principal name, or local, kafka, schedule:&lt;workflow&gt; (see {@link Caller}). */
    @Column(name = "started_by", updatable = false)
    public String startedBy;

    /** When the run's permission set was granted (null without a token); a replay checks its age. */
    @Column(name = "permissions_at")
    public OffsetDateTime permissionsAt;

    /** Whether the gate has seen the run's RUN_STARTED (it evaluates the run only from then on). */
    public boolean started;

    /**
     * The run's start variables as a JSON object (never its AUTH_TOKEN) until its gate saw RUN_STARTED, for the start
     * sweep to send again if they never reached Kafka; the gate clears them.
     */
    @Column(name = "start_vars", updatable = false)
    public String startVars;

    /** When the run fails unless it finished, from {@code execution.deadline}; null for none. */
    @Column(name = "deadline_at")
    public OffsetDateTime deadlineAt;

    /** 1, plus one per replay. */
    public int attempt = 1;

    /** Why the run failed when no task explains it (e.g. its start records could not be written). */
    public String error;

    /** JSON map task -> inputs it still waits for, set when a run stalls. */
    public String waiting;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
