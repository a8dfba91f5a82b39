package dev.varflow.coordinator;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;
import dev.varflow.coordinator.auth.Caller;
import dev.varflow.coordinator.auth.PermissionGrant;
import dev.varflow.coordinator.auth.PermissionService;
import dev.varflow.coordinator.store.RunEntity;
import dev.varflow.coordinator.store.WorkflowEntity;
import dev.varflow.infra.Sha256;
import dev.varflow.engine.RunStatus;
import dev.varflow.infra.Tracing;
import dev.varflow.messages.RunEvent;
import dev.varflow.workflow.LoadResult;
import dev.varflow.workflow.Workflow;

/** Starts and reads runs. Starting writes the run row, then its start variables as Kafka records. */
@ApplicationScoped
public class RunService {

    /** Variable that carries a run's token; it is traded for permissions and never stored as a variable. */
    public static final String AUTH_TOKEN = dev.varflow.workflow.VariableNames.AUTH_TOKEN;
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final WorkflowService workflows;
    private final StartPublication starts;
    private final PermissionService permissions;
    private final RunViews views;
    private final int maxVariableBytes;
    private final io.vertx.mutiny.sqlclient.Pool pool;
    private final RunBatchInsert batch;
    private final Tracing tracing;
    private final Faults faults;

    public RunService(WorkflowService workflows, StartPublication starts, PermissionService permissions,
            RunViews views, VarflowConfig config, io.vertx.mutiny.sqlclient.Pool pool, Tracing tracing,
            Faults faults) {
        this.faults = faults;
        this.pool = pool;
        this.tracing = tracing;
        this.batch = new RunBatchInsert(pool);
        this.workflows = workflows;
        this.starts = starts;
        this.permissions = permissions;
        this.views = views;
        this.maxVariableBytes = config.maxVariableBytes();
    }

    /** Starts a run for {@code startedBy} (see {@link Caller}) and returns its id once its start records are in Kafka. */
    public Uni<String> start(StartRunRequest request, String startedBy) {
        return start(request, UUID.randomUUID().toString(), startedBy);
    }

    /** Starts a run under a caller-chosen id (so the caller can listen to it before it starts). */
    public Uni<String> start(StartRunRequest request, String runId, String startedBy) {
        return start(request, runId, startedBy, null);
    }

    /**
     * Starts a run under a caller-chosen id; its trace continues {@code trace} (a run request record's context), or
     * the current one (an HTTP request's) when null.
     */
    public Uni<String> start(StartRunRequest request, String runId, String startedBy, Context trace) {
        Context parent = tracing.enabled() && trace == null ? Context.current() : trace;
        return prepare(request, runId, startedBy).flatMap(run -> {
            Span span = tracing.startRun(parent, run.workflow().name, run.runId());
            return persist(run)
                    .call(id -> starts.publish(List.of(id), startEvents(id, run.seed()), Map.of(id, span)))
                    .onTermination().invoke((id, error, cancelled) -> Tracing.end(span, error));
        });
    }

    /**
     * Starts many runs with one insert and one wait for Kafka's acknowledgements; each request is checked like a
     * single start, and any invalid request fails the whole batch before anything is written.
     */
    public Uni<List<String>> startAll(List<StartRunRequest> requests, String startedBy) {
        if (requests == null || requests.isEmpty()) {
            return Uni.createFrom().failure(new BadRequestException("runs", "at least one run is required"));
        }
        Map<String, Uni<WorkflowEntity>> lookups = new HashMap<>();
        Context caller = tracing.enabled() ? Context.current() : null;
        return Multi.createFrom().iterable(requests)
                .onItem().transformToUniAndConcatenate(request -> prepare(request, UUID.randomUUID().toString(),
                        startedBy, lookups))
                .collect().asList()
                .call(batch::insert)
                .invoke(prepared -> prepared.forEach(run -> faults.afterRunInsert(run.runId())))
                .call(prepared -> {
                    List<RunEvent> events = new ArrayList<>();
                    // One run, one trace: each run of the batch gets its own, linked to the request's.
                    Map<String, Span> traces = new HashMap<>();
                    for (PreparedRun run : prepared) {
                        events.addAll(startEvents(run.runId(), run.seed()));
                        if (tracing.enabled()) {
                            traces.put(run.runId(), tracing.startRunOfBatch(caller, run.workflow().name,
                                    run.runId()));
                        }
                    }
                    return starts.publish(prepared.stream().map(PreparedRun::runId).toList(), events, traces)
                            .onTermination().invoke((done, error, cancelled) ->
                                    traces.values().forEach(span -> Tracing.end(span, error)));
                })
                .map(prepared -> prepared.stream().map(PreparedRun::runId).toList());
    }

    private Uni<PreparedRun> prepare(StartRunRequest request, String runId, String startedBy) {
        return prepare(request, runId, startedBy, null);
    }

    /** Checks a start request and resolves its workflow, seed variables and permissions; writes nothing. */
    private Uni<PreparedRun> prepare(StartRunRequest request, String runId, String startedBy,
            Map<String, Uni<WorkflowEntity>> lookups) {
        if (request == null || request.workflow() == null || request.workflow().isBlank()) {
            return Uni.createFrom().failure(new BadRequestException("workflow", "workflow is required"));
        }
        Map<String, String> vars = request.vars() == null ? Map.of() : request.vars();
        try {
            VariableChecks.checkName("workflow", request.workflow());
            VariableChecks.checkToken("authToken", request.authToken());
            VariableChecks.checkStart(vars, maxVariableBytes);
        } catch (BadRequestException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<WorkflowEntity> lookup = lookups == null ? workflows.find(request.workflow(), request.version())
                : lookups.computeIfAbsent(request.workflow() + "@" + request.version(),
                        k -> workflows.find(request.workflow(), request.version()).memoize().indefinitely());
        return lookup.flatMap(entity -> {
            Workflow workflow = workflows.parsed(entity);
            for (Map.Entry<String, String> env : workflow.env().entrySet()) {
                String problem = checkVariable(env.getKey(), env.getValue());
                if (problem != null && !vars.containsKey(env.getKey())) {
                    return Uni.createFrom().failure(new BadRequestException("env." + env.getKey(), problem));
                }
            }
            Map<String, String> seed = new LinkedHashMap<>(workflow.env());
            seed.putAll(vars);
            LoadResult check = workflows.validateStart(entity, seed.keySet());
            if (check.hasErrors()) {
                return Uni.createFrom().failure(new InvalidWorkflowException(check.problems()));
            }
            String token = request.authToken() != null ? request.authToken() : seed.get(AUTH_TOKEN);
            seed.remove(AUTH_TOKEN);
            Uni<PermissionGrant> grant = token == null || token.isBlank()
                    ? Uni.createFrom().item(PermissionGrant.NO_TOKEN)
                    : permissions.permissionsFor(token);
            Long deadline = dev.varflow.engine.RunDeadline.of(workflow).map(java.time.Duration::toMillis).orElse(null);
            return grant.map(g -> new PreparedRun(runId, entity, g, token, seed, deadline,
                    startedBy));
        });
    }

    private Uni<String> persist(PreparedRun prepared) {
        String runId = prepared.runId();
        WorkflowEntity workflow = prepared.workflow();
        PermissionGrant grant = prepared.grant();
        String token = prepared.token();
        Long deadlineMillis = prepared.deadlineMillis();
        RunEntity run = new RunEntity();
        run.startedBy = prepared.startedBy();
        run.permissionsAt = token == null ? null : run.createdAt;
        run.deadlineAt = deadlineMillis == null ? null : run.createdAt.plusNanos(deadlineMillis * 1_000_000);
        run.id = runId;
        run.workflowId = workflow.id;
        run.workflowName = workflow.name;
        run.status = RunStatus.RUNNING;
        run.permissions = grant.permissionsJson();
        run.permissionError = grant.error();
        run.tokenHash = token == null ? null : Sha256.hex(token);
        run.startVars = StartSweep.json(prepared.seed());
        // Starting under an id that exists is a redelivered request: the run is not created twice, and its start
        // records are sent again (harmless: first values win, claims are unique) in case the first try crashed.
        return Panache.withTransaction(() -> RunEntity.<RunEntity>findById(runId).flatMap(existing -> existing != null
                        ? Uni.createFrom().item(runId) : run.persist().replaceWith(runId)))
                .onFailure().retry().atMost(1)
                .invoke(faults::afterRunInsert);
    }

    static List<RunEvent> startEvents(String runId, Map<String, String> seed) {
        List<RunEvent> events = new ArrayList<>();
        seed.forEach((name, value) -> events.add(RunEvent.variable(runId, null, name, value)));
        events.add(RunEvent.runStarted(runId));
        return events;
    }

    private String checkVariable(String name, String value) {
        if (name == null || !VARIABLE_NAME.matcher(name).matches()) {
            return "invalid variable name '" + name + "': use letters, digits and _, not starting with a digit";
        }
        if (value == null) {
            return "variable " + name + " has no value";
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxVariableBytes) {
            return "variable " + name + " is " + bytes + " bytes, above the limit of " + maxVariableBytes;
        }
        return null;
    }

    public Uni<RunView> get(String runId) {
        return views.view(runId);
    }

    @WithSession
    public Uni<List<RunSummary>> list(RunStatus status, String workflow, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            query.append(" and status = :status");
            params.put("status", status);
        }
        if (workflow != null && !workflow.isBlank()) {
            query.append(" and workflowName = :workflow");
            params.put("workflow", workflow);
        }
        query.append(" order by createdAt desc");
        return RunEntity.<RunEntity>find(query.toString(), params).page(0, limit).list()
                .map(runs -> runs.stream().map(RunSummary::of).toList());
    }
}
