package dev.varflow.coordinator.store;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

import dev.varflow.engine.TaskState;

/** A task's record in a run, written by the gate; read here for the run views. */
@Entity
@Table(name = "task_runs")
@IdClass(TaskRunEntity.Key.class)
public class TaskRunEntity extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    public String task;

    public String plugin;

    @Enumerated(EnumType.STRING)
    public TaskState state;

    public int attempts;

    /** The attempt number handed out last. */
    public int attempt;

    /** The run attempt (1, plus one per replay) that claimed this task. */
    @Column(name = "run_attempt")
    public int runAttempt;

    public String worker;

    @Column(name = "activated_at")
    public OffsetDateTime activatedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "exit_code")
    public Integer exitCode;

    public String output;

    public String error;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    /** Composite key: run and task name. */
    public static class Key implements Serializable {
        public String runId;
        public String task;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(runId, k.runId) && Objects.equals(task, k.task);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, task);
        }
    }
}
