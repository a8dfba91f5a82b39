package dev.varflow.coordinator.auth;

import java.util.Set;

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
}
