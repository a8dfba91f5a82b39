package dev.varflow.coordinator.api;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.Blocking;

import dev.varflow.coordinator.BadRequestException;
import dev.varflow.coordinator.WorkflowService;
import dev.varflow.coordinator.auth.ApiRoles;
import dev.varflow.editor.EditException;
import dev.varflow.editor.EditIntent;
import dev.varflow.editor.EditorView;
import dev.varflow.editor.WorkflowEditor;
import dev.varflow.plugins.PluginRegistry;
import dev.varflow.spi.PluginDescriptor;

/**
 * The web editor's computations on a draft: validate and lay out a text, apply an edit to it. Nothing is stored
 * (Save is {@code POST /api/workflows}, admin); they need the operator role, like every other POST, so a viewer's
 * token can write nothing at all. Viewers read stored versions' graphs with {@code GET
 * /api/workflows/{name}/graph}.
 */
@Path("/api/editor")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EditorResource {

    /** A text, with the file name problems should name. */
    public record ViewRequest(String yaml, String file) {
    }

    /** A text and one edit to apply to it. */
    public record EditRequest(String yaml, String file, EditIntent edit) {
    }

    private final PluginRegistry plugins;
    private final WorkflowService workflows;

    public EditorResource(PluginRegistry plugins, WorkflowService workflows) {
        this.plugins = plugins;
        this.workflows = workflows;
    }

    @POST
    @Path("view")
    @Blocking
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Validate a workflow text as registration would and lay its graph out")
    public EditorView view(ViewRequest request) {
        if (request == null || request.yaml() == null) {
            throw new BadRequestException("yaml", "Expected field 'yaml' with the workflow text, but it is missing");
        }
        return editor(request.file()).view(request.yaml());
    }

    @POST
    @Path("edit")
    @Blocking
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(summary = "Apply an edit (add, link, set, rename, delete) to a workflow text with minimal line changes")
    public EditorView edit(EditRequest request) {
        if (request == null || request.yaml() == null) {
            throw new BadRequestException("yaml", "Expected field 'yaml' with the workflow text, but it is missing");
        }
        if (request.edit() == null) {
            throw new BadRequestException("edit", "Expected field 'edit' with the change to apply, but it is missing");
        }
        try {
            return editor(request.file()).edit(request.yaml(), request.edit());
        } catch (EditException e) {
            throw new BadRequestException("edit", e.getMessage());
        }
    }

    /** The editor for texts whose problems name this file. */
    WorkflowEditor editor(String file) {
        String name = file == null || file.isBlank() ? "workflow.yaml" : file;
        Map<String, PluginDescriptor> descriptors = new java.util.LinkedHashMap<>();
        plugins.descriptors().forEach(d -> descriptors.put(d.name(), d));
        return new WorkflowEditor(descriptors, text -> workflows.validate(name, text, null));
    }
}
