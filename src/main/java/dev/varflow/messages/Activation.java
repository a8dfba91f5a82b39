package dev.varflow.messages;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record on the activations topic: everything a stateless worker needs to run one task of one run. It carries
 * the run's permission set, never its token.
 *
 * @param permissions permissions granted to the run; null when the run carries no token
 * @param permissionError why the permission set could not be fetched, when that failed
 * @param activatedAt epoch milliseconds when the gate claimed the task
 * @param attempt 1 for the first attempt, then one more per retry
 * @param timeoutMillis limit of this attempt ({@code execution.timeout}), null for none
 * @param runAttempt the run's attempt (1, plus one per replay); the worker copies it into its reports, so the gate
 *     can tell a late report of an earlier run attempt from one of the current attempt
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Activation(
        String runId,
        String task,
        String plugin,
        Map<String, Object> params,
        Map<String, String> inputs,
        List<String> outputs,
        Set<String> permissions,
        String permissionError,
        List<String> requiredPermissions,
        boolean requiresAuth,
        long activatedAt,
        int attempt,
        Long timeoutMillis,
        Integer runAttempt) {
}
