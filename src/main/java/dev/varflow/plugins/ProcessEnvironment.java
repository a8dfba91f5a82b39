package dev.varflow.plugins;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.varflow.VarflowConfig;
import dev.varflow.workflow.VariableNames;

/**
 * Builds the environment of a task's process: the few worker variables the allow-list names (PATH, HOME, locale...)
 * plus the task's own variables. Nothing else of the worker's environment is passed on, so database passwords, OIDC
 * client secrets and cloud credentials of the worker never reach commands written by workflow authors.
 */
public final class ProcessEnvironment {

    /** The default allow-list ({@code varflow.worker.process-env.allow}); {@code LC_*} means every LC_ variable. */
    public static final String DEFAULT_ALLOW = VarflowConfig.Worker.ProcessEnv.DEFAULT_ALLOW;

    private final Map<String, String> inherited;

    /**
     * @param allow names to inherit; an entry ending in {@code *} is a prefix
     * @param parent the worker's environment
     */
    public ProcessEnvironment(Collection<String> allow, Map<String, String> parent) {
        List<String> entries = allow.stream().map(String::trim).filter(entry -> !entry.isEmpty()).toList();
        Map<String, String> kept = new LinkedHashMap<>();
        parent.forEach((name, value) -> {
            if (entries.stream().anyMatch(entry -> matches(entry, name))) {
                kept.put(name, value);
            }
        });
        this.inherited = Map.copyOf(kept);
    }

    /** The allow-list applied to this process's environment. */
    public static ProcessEnvironment of(Collection<String> allow) {
        return new ProcessEnvironment(allow, System.getenv());
    }

    /** The default allow-list applied to this process's environment. */
    public static ProcessEnvironment defaults() {
        return of(List.of(DEFAULT_ALLOW.split(",")));
    }

    /** The worker variables every task process gets. */
    public Map<String, String> inherited() {
        return inherited;
    }

    /**
     * The child's complete environment. Throws IllegalArgumentException naming a task variable whose name is
     * reserved ({@link VariableNames}): validation keeps them out, and this is the last place to refuse one.
     */
    public Map<String, String> build(Map<String, String> taskVariables) {
        Map<String, String> environment = new LinkedHashMap<>(inherited);
        taskVariables.forEach((name, value) -> {
            String problem = VariableNames.problem(name);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            environment.put(name, value);
        });
        return environment;
    }

    private static boolean matches(String entry, String name) {
        return entry.endsWith("*") ? name.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(name);
    }
}
