package dev.varflow.workflow;

import java.util.Set;
import java.util.function.Function;

/**
 * What the loader needs to know about the world outside the file.
 *
 * @param knownPlugins plugin names that can run; empty means plugin names are not checked. {@code start} and
 *     {@code end} are always accepted.
 * @param startVariables variables the caller will set when starting a run (e.g. {@code --var NAME=VALUE}); null
 *     when not known yet (registration): an input nothing provides is then a warning, not an error
 * @param processEnv looks up {@code {{ENV:NAME}}} references; returns null for unset names
 */
public record LoadOptions(Set<String> knownPlugins, Set<String> startVariables, Function<String, String> processEnv) {

    public LoadOptions {
        knownPlugins = knownPlugins == null ? Set.of() : Set.copyOf(knownPlugins);
        startVariables = startVariables == null ? null : Set.copyOf(startVariables);
        processEnv = processEnv == null ? name -> null : processEnv;
    }

    /** Options that check no plugin names, expect no start variables and see an empty process environment. */
    public static LoadOptions lenient() {
        return new LoadOptions(Set.of(), Set.of(), name -> null);
    }

    /** Options for re-reading a stored, already validated version: nothing outside the file is checked. */
    public static LoadOptions stored() {
        return new LoadOptions(Set.of(), null, name -> null);
    }
}
