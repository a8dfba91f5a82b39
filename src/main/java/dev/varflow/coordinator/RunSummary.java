package dev.varflow.coordinator;

import java.time.OffsetDateTime;

import dev.varflow.coordinator.store.RunEntity;
import dev.varflow.engine.RunStatus;

/** A run in a list. */
public record RunSummary(String id, String workflow, RunStatus status, OffsetDateTime createdAt,
        OffsetDateTime finishedAt) {

    static RunSummary of(RunEntity run) {
        return new RunSummary(run.id, run.workflowName, run.status, run.createdAt, run.finishedAt);
    }
}
