package dev.varflow.worker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.varflow.messages.Activation;
import dev.varflow.spi.TaskPlugin;

/**
 * Whether a task may run, decided before its plugin starts; fails closed. A task needs authorization when its
 * workflow asks for it ({@code requires_auth}, {@code permissions.required}) or its plugin declares permissions.
 * Runs with a token must hold every required permission; runs without one may use only the plugin permissions
 * of the operator's tokenless grant ({@code varflow.permissions.tokenless-grant}), never workflow-required ones.
 */
public final class PermissionCheck {

    /** In a tokenless grant: every plugin-declared permission. */
    public static final String ALL = "*";

    private final Set<String> tokenlessGrant;

    public PermissionCheck(Set<String> tokenlessGrant) {
        this.tokenlessGrant = Set.copyOf(tokenlessGrant);
    }

    /** Why the task may not run, or null when it may. */
    public String denial(Activation activation, TaskPlugin plugin) {
        List<String> declared = activation.requiredPermissions() == null ? List.of()
                : activation.requiredPermissions();
        boolean workflowNeedsToken = activation.requiresAuth() || !declared.isEmpty();
        Set<String> pluginRequired = plugin.requiredPermissions();
        if (!workflowNeedsToken && pluginRequired.isEmpty()) {
            return null;
        }
        boolean hasToken = activation.permissions() != null || activation.permissionError() != null;
        if (!hasToken) {
            if (workflowNeedsToken) {
                return "PERMISSION_DENIED: run has no AUTH_TOKEN";
            }
            for (String permission : pluginRequired) {
                if (!tokenlessGrant.contains(ALL) && !tokenlessGrant.contains(permission)) {
                    return "PERMISSION_DENIED: run has no AUTH_TOKEN (plugin " + plugin.name() + " needs "
                            + permission + ")";
                }
            }
            return null;
        }
        if (activation.permissionError() != null) {
            return "permission service unavailable: " + activation.permissionError();
        }
        Set<String> required = new LinkedHashSet<>(declared);
        required.addAll(pluginRequired.stream().sorted().toList());
        for (String permission : required) {
            if (!activation.permissions().contains(permission)) {
                return "PERMISSION_DENIED: missing permission " + permission;
            }
        }
        return null;
    }
}
