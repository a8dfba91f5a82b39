package dev.varflow.spi.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskLogger;

/** The task context of one test-kit run; log lines are kept for {@link PluginRun}. */
record KitContext(String taskName, Map<String, Object> params, Map<String, String> inputs,
        List<String> declaredOutputs, Set<String> permissions, Path workingDirectory, List<String> logLines)
        implements TaskContext {

    KitContext(String taskName, Map<String, Object> params, Map<String, String> inputs, List<String> declaredOutputs,
            Set<String> permissions, Path workingDirectory) {
        // Plugins may log from their own threads.
        this(taskName, params, inputs, declaredOutputs, permissions, workingDirectory, new CopyOnWriteArrayList<>());
    }

    @Override
    public String runId() {
        return "testkit-run";
    }

    @Override
    public TaskLogger logger() {
        return new TaskLogger() {
            @Override
            public void info(String message) {
                logLines.add("INFO " + message);
            }

            @Override
            public void warn(String message) {
                logLines.add("WARN " + message);
            }
        };
    }
}
