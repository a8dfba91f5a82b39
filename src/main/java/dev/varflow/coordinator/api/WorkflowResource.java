package dev.varflow.coordinator.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.varflow.coordinator.WorkflowCatalog;
import dev.varflow.editor.EditorView;
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
    private final WorkflowCatalog catalog;
    private final EditorResource editor;

    public WorkflowResource(WorkflowService workflows, WorkflowCatalog catalog, EditorResource editor) {
        this.workflows = workflows;
        this.catalog = catalog;
        this.editor = editor;
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

    @GET
    @Path("overview")
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "Each workflow once: latest version, number of versions, schedule and latest runs")
    public Uni<List<WorkflowCatalog.Overview>> overview() {
        return catalog.overview();
    }

    @GET
    @Path("{name}/source")
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "The YAML text of a workflow's latest version, or of ?version=N")
    @APIResponse(responseCode = "404", description = "No such workflow or version")
    public Uni<WorkflowCatalog.Source> source(@PathParam("name") String name, @QueryParam("version") Integer version) {
        return catalog.source(name, version);
    }

    @GET
    @Path("{name}/graph")
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "A stored version as the editor shows it: text, problems, laid-out graph, task fields")
    @APIResponse(responseCode = "404", description = "No such workflow or version")
    public Uni<EditorView> graph(@PathParam("name") String name, @QueryParam("version") Integer version) {
        return catalog.source(name, version).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(source -> editor.editor(source.name() + ".yaml").view(source.source()));
    }
}
