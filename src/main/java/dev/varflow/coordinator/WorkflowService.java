package dev.varflow.coordinator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;
import dev.varflow.coordinator.store.WorkflowEntity;
import dev.varflow.infra.Sha256;
import dev.varflow.plugins.PluginRegistry;
import dev.varflow.workflow.LoadOptions;
import dev.varflow.workflow.LoadResult;
import dev.varflow.workflow.Problem;
import dev.varflow.workflow.Workflow;
import dev.varflow.workflow.WorkflowLimits;
import dev.varflow.workflow.WorkflowLoader;

/** Registers workflow versions: a changed file becomes a new version, an unchanged one maps to its version. */
@ApplicationScoped
public class WorkflowService {

    private final PluginRegistry plugins;
    private static final int START_CHECKS_LIMIT = 4096;

    private final Map<Long, Workflow> parsed = new ConcurrentHashMap<>();
    private final Map<StartKey, LoadResult> startChecks = new ConcurrentHashMap<>();

    private final List<String> envPrefixes;
    private final WorkflowLimits limits;

    public WorkflowService(PluginRegistry plugins, VarflowConfig config) {
        this.plugins = plugins;
        this.envPrefixes = List.copyOf(config.workflows().envPrefix());
        this.limits = WorkflowLimits.of(config.maxVariableBytes(), config.maxFanoutWidth());
    }

    /** Validates without registering; start variables null means "not known yet" (missing inputs warn). */
    public LoadResult validate(String fileName, String source, Set<String> startVariables) {
        return WorkflowLoader.load(fileName, source, new LoadOptions(Set.of(), startVariables, System::getenv,
                envPrefixes).withPlugins(plugins.descriptors()).withLimits(limits));
    }

    /**
     * {@link #validate} of a stored version for a start with these variable names, cached: runs of one workflow
     * usually start with the same names, and parsing and checking the YAML per start dominated the start path.
     */
    public LoadResult validateStart(WorkflowEntity entity, Set<String> startVariables) {
        StartKey key = new StartKey(entity.id, Set.copyOf(startVariables), Set.copyOf(plugins.names()));
        LoadResult cached = startChecks.get(key);
        if (cached != null) {
            return cached;
        }
        LoadResult result = validate(entity.name, entity.source, startVariables);
        if (startChecks.size() >= START_CHECKS_LIMIT) {
            startChecks.clear();
        }
        startChecks.put(key, result);
        return result;
    }

    /** What a start validation depends on besides the source: the version, the start names, the plugins. */
    private record StartKey(Long workflowId, Set<String> startVariables, Set<String> plugins) {
    }

    @WithTransaction
    public Uni<WorkflowSummary> register(String fileName, String source) {
        LoadResult result = validate(fileName, source, null);
        if (result.hasErrors()) {
            return Uni.createFrom().failure(new InvalidWorkflowException(result.problems()));
        }
        List<String> warnings = result.problems().stream().map(Problem::format).toList();
        String name = result.workflow().name();
        String digest = Sha256.hex(source);
        return WorkflowEntity.<WorkflowEntity>find("name = ?1 and digest = ?2", name, digest).firstResult()
                .flatMap(existing -> existing != null
                        ? Uni.createFrom().item(WorkflowSummary.of(existing, warnings))
                        : WorkflowEntity.find("select coalesce(max(w.version), 0) from WorkflowEntity w where w.name = ?1",
                                name).project(Integer.class).firstResult()
                                .flatMap(latest -> {
                                    WorkflowEntity entity = new WorkflowEntity();
                                    entity.name = name;
                                    entity.version = latest + 1;
                                    entity.digest = digest;
                                    entity.source = source;
                                    return entity.<WorkflowEntity>persistAndFlush();
                                })
                                .map(saved -> WorkflowSummary.of(saved, warnings)));
    }

    @WithSession
    public Uni<List<WorkflowSummary>> list() {
        return WorkflowEntity.<WorkflowEntity>find("order by name, version desc").list()
                .map(all -> all.stream().map(e -> WorkflowSummary.of(e, List.of())).toList());
    }

    /** Latest version of a workflow, or a given one. */
    @WithSession
    public Uni<WorkflowEntity> find(String name, Integer version) {
        Uni<WorkflowEntity> found = version == null
                ? WorkflowEntity.<WorkflowEntity>find("name = ?1 order by version desc", name).firstResult()
                : WorkflowEntity.<WorkflowEntity>find("name = ?1 and version = ?2", name, version).firstResult();
        return found.onItem().ifNull().failWith(() -> new NotFoundException(
                "no workflow named '" + name + "'" + (version == null ? "" : " with version " + version)));
    }

    /** The parsed form of a stored version, env resolved against this process's environment. */
    public Workflow parsed(WorkflowEntity entity) {
        return parsed.computeIfAbsent(entity.id, id -> {
            LoadResult result = WorkflowLoader.load(entity.name, entity.source,
                    new LoadOptions(Set.of(), null, System::getenv, envPrefixes).withLimits(limits));
            if (result.workflow() == null) {
                throw new InvalidWorkflowException(result.problems());
            }
            return result.workflow();
        });
    }
}
