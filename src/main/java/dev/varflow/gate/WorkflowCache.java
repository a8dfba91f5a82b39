package dev.varflow.gate;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.varflow.workflow.LoadOptions;
import dev.varflow.workflow.LoadResult;
import dev.varflow.workflow.Workflow;
import dev.varflow.workflow.WorkflowLoader;

/** Parsed workflow versions by id. Versions never change, so entries never go stale. */
@ApplicationScoped
public class WorkflowCache {

    private final GateStore store;
    private final Map<Long, Workflow> byId = new ConcurrentHashMap<>();

    public WorkflowCache(GateStore store) {
        this.store = store;
    }

    /** Ensures every id is cached, loading the missing ones in one query. */
    public Uni<Void> load(Collection<Long> ids) {
        List<Long> missing = ids.stream().distinct().filter(id -> !byId.containsKey(id)).toList();
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.workflowSources(missing).invoke(sources -> sources.forEach((id, source) -> {
            LoadResult result = WorkflowLoader.load("workflow#" + id, source, LoadOptions.stored());
            if (result.workflow() == null) {
                throw new IllegalStateException("stored workflow " + id + " no longer parses: " + result.problems());
            }
            byId.put(id, result.workflow());
        })).replaceWithVoid();
    }

    /** Whether the workflow is cached (a batch that needs no load may skip waiting for one). */
    public boolean has(long id) {
        return byId.containsKey(id);
    }

    public Workflow get(long id) {
        Workflow workflow = byId.get(id);
        if (workflow == null) {
            throw new IllegalStateException("workflow " + id + " not loaded");
        }
        return workflow;
    }
}
