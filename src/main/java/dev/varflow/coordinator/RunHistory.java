package dev.varflow.coordinator;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Reads a run's history (the audit trail the gate writes) and its task attempts. */
@ApplicationScoped
public class RunHistory {

    @WithSession
    public Uni<List<HistoryEntry>> of(String runId) {
        return RunEntity.findById(runId).onItem().ifNull().failWith(() -> new NotFoundException("no run " + runId))
                .flatMap(run -> RunEventEntity.<RunEventEntity>find("runId = ?1 order by id", runId).list())
                .map(rows -> rows.stream().map(e -> new HistoryEntry(e.id, e.at, e.type, e.task, e.detail)).toList());
    }
}
