package dev.varflow.coordinator.store;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A variable set in a run (its first value), written by the gate; read here for the run views. */
@Entity
@Table(name = "run_variables")
@IdClass(RunVariableEntity.Key.class)
public class RunVariableEntity extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    public String name;

    public String value;

    @Column(name = "source_task")
    public String sourceTask;

    @Column(name = "set_at")
    public OffsetDateTime setAt;

    /** Composite key: run and variable name. */
    public static class Key implements Serializable {
        public String runId;
        public String name;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(runId, k.runId) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, name);
        }
    }
}
