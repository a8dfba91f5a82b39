package dev.varflow.coordinator;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.varflow.coordinator.store.RunEntity;
import dev.varflow.coordinator.store.WorkflowEntity;
import dev.varflow.workflow.Schedule;

/** What the web UI's workflow list shows: each workflow once, with its versions, schedule and latest runs. */
@ApplicationScoped
public class WorkflowCatalog {

    /** Latest runs shown per workflow. */
    static final int LAST_RUNS = 5;

    /**
     * One workflow by name.
     *
     * @param schedule the latest version's cron expression, or null
     */
    public record Overview(String name, int latestVersion, int versions, OffsetDateTime updatedAt, String schedule,
            List<RunSummary> lastRuns) {
    }

    /** The stored text of a version. */
    public record Source(String name, int version, String digest, OffsetDateTime createdAt, String source) {
    }

    private final WorkflowService workflows;

    public WorkflowCatalog(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @WithSession
    public Uni<List<Overview>> overview() {
        return WorkflowEntity.<WorkflowEntity>find("order by name, version desc").list().flatMap(all -> {
            Map<String, List<WorkflowEntity>> byName = new LinkedHashMap<>();
            all.forEach(e -> byName.computeIfAbsent(e.name, k -> new ArrayList<>()).add(e));
            if (byName.isEmpty()) {
                return Uni.createFrom().item(List.<Overview>of());
            }
            // One session allows one query at a time: the latest runs of each workflow, one after the other.
            return io.smallrye.mutiny.Multi.createFrom().iterable(byName.keySet())
                    .onItem().transformToUniAndConcatenate(name -> RunEntity.<RunEntity>find(
                            "workflowName = ?1 order by createdAt desc", name).page(0, LAST_RUNS).list())
                    .collect().asList()
                    .map(lists -> {
                        List<RunEntity> runs = lists.stream().flatMap(List::stream).toList();
                        return byName.values().stream().map(versions -> overview(versions, runs)).toList();
                    });
        });
    }

    private static Overview overview(List<WorkflowEntity> versions, List<RunEntity> runs) {
        WorkflowEntity latest = versions.get(0);
        String schedule;
        try {
            schedule = Schedule.of(latest.source).map(s -> s.cron().toString()).orElse(null);
        } catch (RuntimeException unreadable) {
            schedule = null;
        }
        List<RunSummary> last = runs.stream().filter(r -> r.workflowName.equals(latest.name)).limit(LAST_RUNS)
                .map(RunSummary::of).toList();
        return new Overview(latest.name, latest.version, versions.size(), latest.createdAt, schedule, last);
    }

    /** The text of the latest version, or of the given one. */
    public Uni<Source> source(String name, Integer version) {
        return workflows.find(name, version)
                .map(e -> new Source(e.name, e.version, e.digest, e.createdAt, e.source));
    }
}
