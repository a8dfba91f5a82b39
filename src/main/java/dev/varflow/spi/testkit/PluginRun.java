package dev.varflow.spi.testkit;

import java.util.List;
import java.util.Map;

import dev.varflow.spi.TaskResult;

/**
 * How one test-kit run ended, with assertions that throw {@link AssertionError} (so they work with any test
 * framework) saying what was expected and what happened.
 *
 * @param result the plugin's result, with only the declared outputs kept
 * @param logLines what the plugin logged, each line starting with INFO or WARN
 */
public record PluginRun(TaskResult result, List<String> logLines) {

    /** The outputs the task would emit. */
    public Map<String, String> outputs() {
        return result.outputs();
    }

    /** Asserts the attempt succeeded. */
    public PluginRun assertSucceeded() {
        if (result.outcome() != TaskResult.Outcome.SUCCEEDED) {
            throw new AssertionError("Expected the plugin to succeed, but it ended " + result.outcome() + ": "
                    + result.error() + describeOutput());
        }
        return this;
    }

    /** Asserts the attempt failed with an error containing {@code fragment}. */
    public PluginRun assertFailed(String fragment) {
        if (result.outcome() != TaskResult.Outcome.FAILED || result.error() == null
                || !result.error().contains(fragment)) {
            throw new AssertionError("Expected the plugin to fail with an error containing '" + fragment
                    + "', but it ended " + result.outcome() + (result.error() == null ? "" : ": " + result.error()));
        }
        return this;
    }

    /** Asserts the task emits {@code name} with exactly this value. */
    public PluginRun assertOutput(String name, String value) {
        if (!value.equals(result.outputs().get(name))) {
            throw new AssertionError("Expected output " + name + "=" + value + ", but the outputs are "
                    + result.outputs() + describeOutput());
        }
        return this;
    }

    private String describeOutput() {
        return result.output().isEmpty() ? "" : "\noutput:\n" + result.output();
    }
}
