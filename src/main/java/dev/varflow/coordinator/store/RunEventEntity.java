package dev.varflow.coordinator.store;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

import dev.varflow.messages.RunEvent;

/** A line of a run's history, written by the gate. */
@Entity
@Table(name = "run_events")
public class RunEventEntity extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "run_id")
    public String runId;

    @Enumerated(EnumType.STRING)
    public RunEvent.Type type;

    public String task;

    public String detail;

    public OffsetDateTime at;
}
