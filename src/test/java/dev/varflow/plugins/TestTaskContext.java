package dev.varflow.plugins;

import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskLogger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A fixed task context for plugin tests; the with-methods return changed copies. */
record TestTaskContext(Map<String, Object> params, Map<String, String> inputs, List<String> declaredOutputs,
        Path workingDirectory, List<String> logLines) implements TaskContext {

    static TestTaskContext in(Path workingDirectory) {
        return new TestTaskContext(Map.of(), Map.of(), List.of(), workingDirectory, new ArrayList<>());
    }

    TestTaskContext withParam(String name, Object value) {
        Map<String, Object> changed = new HashMap<>(params);
        changed.put(name, value);
        return new TestTaskContext(Map.copyOf(changed), inputs, declaredOutputs, workingDirectory, logLines);
    }

    TestTaskContext withInput(String name, String value) {
        Map<String, String> changed = new HashMap<>(inputs);
        changed.put(name, value);
        return new TestTaskContext(params, Map.copyOf(changed), declaredOutputs, workingDirectory, logLines);
    }

    TestTaskContext withOutputs(String... names) {
        return new TestTaskContext(params, inputs, List.of(names), workingDirectory, logLines);
    }

    @Override
    public String runId() {
        return "run-1";
    }

    @Override
    public String taskName() {
        return "task";
    }

    @Override
    public Set<String> permissions() {
        return Set.of();
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
