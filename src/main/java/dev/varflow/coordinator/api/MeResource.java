package dev.varflow.coordinator.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;

import dev.varflow.coordinator.auth.ApiRoles;

/** Who the caller is and what the API lets them do, so the web UI hides the buttons it would refuse. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /**
     * The caller.
     *
     * @param operate may start, pause, resume, cancel and replay runs
     * @param admin may register workflows (Save)
     */
    public record Me(String name, List<String> roles, boolean operate, boolean admin) {
    }

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "The caller's name and API roles")
    public Me me() {
        List<String> roles = List.of(ApiRoles.VIEWER, ApiRoles.OPERATOR, ApiRoles.ADMIN).stream()
                .filter(identity::hasRole).toList();
        return new Me(identity.getPrincipal().getName(), roles, identity.hasRole(ApiRoles.OPERATOR),
                identity.hasRole(ApiRoles.ADMIN));
    }
}
