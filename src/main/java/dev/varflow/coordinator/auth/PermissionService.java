package dev.varflow.coordinator.auth;

import io.smallrye.mutiny.Uni;

/** Trades a run's AUTH_TOKEN for its permission set. Implementations never log or keep the token. */
public interface PermissionService {

    /** Never fails: an unreachable or confused permission service yields {@link PermissionGrant#unavailable}. */
    Uni<PermissionGrant> permissionsFor(String authToken);
}
