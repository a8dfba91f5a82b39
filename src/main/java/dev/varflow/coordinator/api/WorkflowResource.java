package dev.varflow.coordinator.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;

import dev.varflow.coordinator.WorkflowService;
import dev.varflow.coordinator.WorkflowSummary;
import dev.varflow.coordinator.auth.ApiRoles;

/** Registers (admin) and lists (viewer) workflows; the roles are checked by the framework after routing. */
@Path("/api/workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    static final String YAML = "application/yaml";
    static final String X_YAML = "application/x-yaml";
    static final String TEXT_YAML = "text/yaml";

    private final WorkflowService workflows;

    public WorkflowResource(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @POST
    @RolesAllowed(ApiRoles.ADMIN)
    @Consumes({ YAML, X_YAML, TEXT_YAML, MediaType.TEXT_PLAIN })
    @Operation(summary = "Register a workflow from its YAML; an unchanged file maps to its existing version")
    @APIResponse(responseCode = "200", description = "Registered (or already registered) version")
    @APIResponse(responseCode = "400", description = "Validation problems with line and column")
    public Uni<WorkflowSummary> register(String yaml, @QueryParam("file") String fileName) {
        String file = RequestParams.text("file", fileName);
        return workflows.register(file == null ? "request" : file, yaml == null ? "" : yaml);
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "List workflow versions, newest first per name")
    public Uni<List<WorkflowSummary>> list() {
        return workflows.list();
    }
}
