package dev.varflow.coordinator;

import java.time.OffsetDateTime;

import dev.varflow.coordinator.store.RunEntity;

/** A run in a list. */
public record RunSummary(String id, String workflow, String status, OffsetDateTime createdAt,
        OffsetDateTime finishedAt) {

    static RunSummary of(RunEntity run) {
        return new RunSummary(run.id, run.workflowName, run.status, run.createdAt, run.finishedAt);
    }
}
