package dev.varflow.coordinator.auth;

import io.smallrye.mutiny.Uni;

/** Used when varflow.attica.url is not set: a token cannot be honoured, so tasks needing it fail closed. */
public final class UnconfiguredPermissionService implements PermissionService {

    @Override
    public Uni<PermissionGrant> permissionsFor(String authToken) {
        return Uni.createFrom().item(PermissionGrant.unavailable("no permission service configured"));
    }
}
