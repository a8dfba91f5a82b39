package dev.varflow.coordinator.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.varflow.coordinator.HistoryEntry;
import dev.varflow.coordinator.RunControl;
import dev.varflow.coordinator.RunHistory;
import dev.varflow.coordinator.RunObserver;
import dev.varflow.coordinator.RunService;
import dev.varflow.coordinator.RunSummary;
import dev.varflow.coordinator.RunView;
import dev.varflow.coordinator.StartRunRequest;
import dev.varflow.coordinator.auth.ApiRoles;
import dev.varflow.coordinator.auth.Caller;
import dev.varflow.engine.RunStatus;
import dev.varflow.messages.RunEvent;

/**
 * Starts, lists, shows, cancels and streams runs. Each method declares its least role (the framework checks it after
 * routing, whatever the path looked like); cancel, pause, resume and replay also need the run's owner or an admin.
 */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunService runs;
    private final RunObserver observer;
    private final RunControl control;
    private final RunHistory history;
    private final SecurityIdentity identity;

    public RunResource(RunService runs, RunObserver observer, RunControl control, RunHistory history,
            SecurityIdentity identity) {
        this.identity = identity;
        this.runs = runs;
        this.observer = observer;
        this.control = control;
        this.history = history;
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run of a registered workflow with start variables")
    public Uni<Response> start(StartRunRequest request) {
        return runs.start(request, caller().name()).map(id -> Response.status(201).entity(Map.of("id", id))
                .header("Location", "/api/runs/" + id).build());
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start many runs at once (one insert, one Kafka acknowledgement wait); all or none")
    public Uni<Response> startAll(StartRunsRequest request) {
        return runs.startAll(request == null ? null : request.runs(), caller().name())
                .map(ids -> Response.status(201).entity(Map.of("ids", ids)).build());
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "List runs, newest first, filtered by status and workflow")
    public Uni<List<RunSummary>> list(@QueryParam("status") String status, @QueryParam("workflow") String workflow,
            @QueryParam("limit") String limit) {
        // Read as text and checked here: a bad value is a 400 naming the parameter, not the framework's bare 404.
        return runs.list(RequestParams.status("status", status), RequestParams.text("workflow", workflow),
                RequestParams.integer("limit", limit, 100, 1, 1000));
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/{id}")
    @Operation(summary = "A run with its variables and every task's state, attempts, timings and output tail")
    public Uni<RunView> get(@PathParam("id") String id) {
        return runs.get(RequestParams.runId(id));
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a running or paused run; no task is activated afterwards, running ones are stopped")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return control.cancel(RequestParams.runId(id), caller())
                .map(answer -> ControlResponses.of(id, "cancelled", answer));
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/{id}/pause")
    @Operation(summary = "Pause a running run: running tasks finish, nothing new is activated until resumed")
    public Uni<Response> pause(@PathParam("id") String id) {
        return control.pause(RequestParams.runId(id), caller())
                .map(answer -> ControlResponses.of(id, "paused", answer));
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused run exactly where it stopped")
    public Uni<Response> resume(@PathParam("id") String id) {
        return control.resume(RequestParams.runId(id), caller())
                .map(answer -> ControlResponses.of(id, "resumed", answer));
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restart a FAILED or STALLED run from its failed tasks, keeping its variables")
    public Uni<Response> replay(@PathParam("id") String id, ReplayRequest request) {
        Map<String, String> vars = request == null || request.vars() == null ? Map.of() : request.vars();
        String authToken = request == null ? null : request.authToken();
        return control.replay(RequestParams.runId(id), vars, authToken, caller())
                .map(answer -> ControlResponses.replay(id, answer));
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/{id}/history")
    @Operation(summary = "The run's history: every record its gate handled, in order")
    public Uni<List<HistoryEntry>> history(@PathParam("id") String id) {
        return history.of(RequestParams.runId(id));
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Path("/{id}/events")
    @KnownRun
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events of a run as they happen, ending when it finishes")
    public Multi<RunEvent> events(@PathParam("id") String id) {
        String runId = RequestParams.runId(id);
        return observer.stream(runId, runs.get(runId).map(run -> run.status() == RunStatus.RUNNING ? null
                : RunEvent.runFinished(runId, run.status(), run.waiting().isEmpty() ? null : run.waiting())));
    }

    private Caller caller() {
        return Caller.of(identity);
    }
}
