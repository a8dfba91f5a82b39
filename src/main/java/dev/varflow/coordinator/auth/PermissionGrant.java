package dev.varflow.coordinator.auth;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import dev.varflow.messages.Json;

/**
 * The outcome of trading a run's token for permissions: the set, or why it could not be had. Both null means the
 * run carries no token.
 */
public record PermissionGrant(Set<String> permissions, String error) {

    public static final PermissionGrant NO_TOKEN = new PermissionGrant(null, null);

    public static PermissionGrant granted(Set<String> permissions) {
        return new PermissionGrant(Set.copyOf(permissions), null);
    }

    public static PermissionGrant unavailable(String reason) {
        return new PermissionGrant(null, reason);
    }

    /** The runs.permissions column: the permissions as a sorted JSON array, or null when none were granted. */
    public String permissionsJson() {
        return permissions == null ? null
                : new String(Json.write(permissions.stream().sorted().toList()), StandardCharsets.UTF_8);
    }
}
