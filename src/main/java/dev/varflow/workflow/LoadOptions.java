package dev.varflow.workflow;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.varflow.spi.PluginDescriptor;

/**
 * What the loader needs to know about the world outside the file.
 *
 * @param knownPlugins plugin names that can run; empty means plugin names are not checked. {@code start} and
 *     {@code end} are always accepted.
 * @param startVariables variables the caller will set when starting a run (e.g. {@code --var NAME=VALUE}); null
 *     when not known yet (registration): an input nothing provides is then a warning, not an error
 * @param processEnv looks up {@code {{ENV:NAME}}} references; returns null for unset names
 * @param envPrefixes the only process variables {@code {{ENV:NAME}}} may read are those starting with one of these
 *     (the operator's choice, {@code varflow.workflows.env-prefix}); any other reference is an error
 * @param descriptors plugin descriptors by name: a task's {@code params} are checked against its plugin's
 * @param limits run-time limits that literal values must fit
 */
public record LoadOptions(Set<String> knownPlugins, Set<String> startVariables, Function<String, String> processEnv,
        List<String> envPrefixes, Map<String, PluginDescriptor> descriptors, WorkflowLimits limits) {

    /** Prefix of the process variables a workflow may read when the operator set none. */
    public static final String DEFAULT_ENV_PREFIX = "VARFLOW_WF_";
    /** Process variable the CLI reads the prefixes from (comma separated), like the server's config key. */
    public static final String ENV_PREFIX_VARIABLE = "VARFLOW_WORKFLOWS_ENV_PREFIX";

    public LoadOptions {
        knownPlugins = knownPlugins == null ? Set.of() : Set.copyOf(knownPlugins);
        startVariables = startVariables == null ? null : Set.copyOf(startVariables);
        processEnv = processEnv == null ? name -> null : processEnv;
        // An empty prefix would open the whole environment again: blank entries are dropped, never honoured.
        envPrefixes = envPrefixes == null ? List.of(DEFAULT_ENV_PREFIX)
                : envPrefixes.stream().filter(p -> p != null && !p.isBlank()).map(String::trim).toList();
        descriptors = descriptors == null ? Map.of() : Map.copyOf(descriptors);
        limits = limits == null ? WorkflowLimits.DEFAULT : limits;
    }

    /** Options without plugin descriptors, with the default limits. */
    public LoadOptions(Set<String> knownPlugins, Set<String> startVariables, Function<String, String> processEnv,
            List<String> envPrefixes) {
        this(knownPlugins, startVariables, processEnv, envPrefixes, Map.of(), WorkflowLimits.DEFAULT);
    }

    /** Options with the default {@code {{ENV:...}}} prefix. */
    public LoadOptions(Set<String> knownPlugins, Set<String> startVariables, Function<String, String> processEnv) {
        this(knownPlugins, startVariables, processEnv, List.of(DEFAULT_ENV_PREFIX));
    }

    /** Options that check no plugin names, expect no start variables and see an empty process environment. */
    public static LoadOptions lenient() {
        return new LoadOptions(Set.of(), Set.of(), name -> null);
    }

    /**
     * Options for re-reading a stored, already validated version: nothing outside the file is checked, and the
     * bounds and name rules only warn (the version may predate them).
     */
    public static LoadOptions stored() {
        return new LoadOptions(Set.of(), null, name -> null, List.of(DEFAULT_ENV_PREFIX), Map.of(),
                WorkflowLimits.STORED);
    }

    /** These options knowing exactly these plugins: names checked, params checked against each descriptor. */
    public LoadOptions withPlugins(Collection<PluginDescriptor> plugins) {
        Map<String, PluginDescriptor> byName = new LinkedHashMap<>();
        plugins.forEach(descriptor -> byName.put(descriptor.name(), descriptor));
        return new LoadOptions(byName.keySet(), startVariables, processEnv, envPrefixes, byName, limits);
    }

    /** These options with other limits. */
    public LoadOptions withLimits(WorkflowLimits otherLimits) {
        return new LoadOptions(knownPlugins, startVariables, processEnv, envPrefixes, descriptors, otherLimits);
    }

    /** The prefixes as the CLI finds them: {@link #ENV_PREFIX_VARIABLE} when set, else the default. */
    public static List<String> envPrefixesFrom(Function<String, String> processEnv) {
        String configured = processEnv.apply(ENV_PREFIX_VARIABLE);
        return configured == null || configured.isBlank() ? List.of(DEFAULT_ENV_PREFIX)
                : Arrays.stream(configured.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    /** Whether {@code {{ENV:name}}} may be read. */
    public boolean envReadable(String name) {
        return envPrefixes.stream().anyMatch(name::startsWith);
    }
}
