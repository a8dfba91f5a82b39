package dev.varflow.coordinator;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.varflow.messages.RunEvent;

/** Starts, lists, shows, cancels and streams runs. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunService runs;
    private final RunObserver observer;

    public RunResource(RunService runs, RunObserver observer) {
        this.runs = runs;
        this.observer = observer;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run of a registered workflow with start variables")
    public Uni<Response> start(StartRunRequest request) {
        return runs.start(request).map(id -> Response.status(201).entity(Map.of("id", id))
                .header("Location", "/api/runs/" + id).build());
    }

    @GET
    @Operation(summary = "List runs, newest first, filtered by status and workflow")
    public Uni<List<RunSummary>> list(@QueryParam("status") String status, @QueryParam("workflow") String workflow,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit", "limit must be between 1 and 1000");
        }
        return runs.list(status, workflow, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run with its variables and every task's state, attempts, timings and output tail")
    public Uni<RunView> get(@PathParam("id") String id) {
        return runs.get(id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a running run; no task is activated afterwards")
    public Uni<Map<String, Object>> cancel(@PathParam("id") String id) {
        return runs.cancel(id).map(cancelled -> Map.of("id", id, "cancelled", cancelled));
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events of a run as they happen, ending when it finishes")
    public Multi<RunEvent> events(@PathParam("id") String id) {
        return observer.stream(id, runs.get(id).map(run -> "RUNNING".equals(run.status()) ? null
                : RunEvent.runFinished(id, run.status(), run.waiting().isEmpty() ? null : run.waiting())));
    }
}
