package dev.varflow.coordinator.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.varflow.coordinator.auth.ApiRoles;
import dev.varflow.plugins.PluginRegistry;
import dev.varflow.spi.PluginDescriptor;

/** The plugins this coordinator validates workflows against, with their params, inputs and outputs. */
@Path("/api/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    private final PluginRegistry plugins;

    public PluginResource(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "List the plugins with their descriptors (params, inputs, outputs, example), by name")
    @APIResponse(responseCode = "200", description = "The descriptors, sorted by plugin name")
    public List<PluginDescriptor> list() {
        return plugins.descriptors();
    }
}
