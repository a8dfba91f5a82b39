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

/** One finished attempt of a task, written by the gate; kept across retries and replays. */
@Entity
@Table(name = "task_attempts")
@IdClass(TaskAttemptEntity.Key.class)
public class TaskAttemptEntity extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    public String task;

    @Id
    @Column(name = "run_attempt")
    public int runAttempt;

    @Id
    public int attempt;

    @Enumerated(EnumType.STRING)
    public TaskState state;

    public String worker;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "exit_code")
    public Integer exitCode;

    public String output;

    public String error;

    /** Composite key. */
    public static class Key implements Serializable {
        public String runId;
        public String task;
        public int runAttempt;
        public int attempt;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(runId, k.runId) && Objects.equals(task, k.task)
                    && runAttempt == k.runAttempt && attempt == k.attempt;
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, task, runAttempt, attempt);
        }
    }
}
