package dev.varflow.coordinator.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.varflow.coordinator.auth.ApiRoles;
import dev.varflow.plugins.PluginRegistry;
import dev.varflow.workflow.WorkflowSchema;

/** The JSON Schema of workflow files this coordinator accepts: its keys, and the params of its plugins. */
@Path("/api/schema")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaResource {

    private final String schema;

    public SchemaResource(PluginRegistry plugins) {
        // The plugins are loaded once at start, so the schema cannot change while the process runs.
        this.schema = WorkflowSchema.json(plugins.descriptors(), true);
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "The JSON Schema (draft-07) of workflow files, with the params of this installation's "
            + "plugins; plugin: must name one of them")
    @APIResponse(responseCode = "200", description = "The schema")
    public String get() {
        return schema;
    }
}
