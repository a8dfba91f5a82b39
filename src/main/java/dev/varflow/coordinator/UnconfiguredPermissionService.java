package dev.varflow.coordinator;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/** Used when no permission service is configured: a token cannot be honoured, so tasks needing it fail closed. */
@ApplicationScoped
@DefaultBean
public class UnconfiguredPermissionService implements PermissionService {

    @Override
    public Uni<PermissionGrant> permissionsFor(String authToken) {
        return Uni.createFrom().item(PermissionGrant.unavailable("no permission service configured"));
    }
}
