package dev.varflow.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.varflow.messages.Activation;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskLogger;

/** The {@link TaskContext} a plugin gets for one attempt, built from an activation. */
final class AttemptContext implements TaskContext {

    private static final Logger LOG = Logger.getLogger("dev.varflow.task");

    private final Activation activation;
    private final Path workingDirectory;
    private final TaskLogger logger;

    AttemptContext(Activation activation, Path workingDirectory) {
        this.activation = activation;
        this.workingDirectory = workingDirectory;
        String prefix = activation.runId() + "/" + activation.task() + ": ";
        this.logger = new TaskLogger() {
            @Override
            public void info(String message) {
                LOG.info(prefix + message);
            }

            @Override
            public void warn(String message) {
                LOG.warn(prefix + message);
            }
        };
    }

    @Override
    public String runId() {
        return activation.runId();
    }

    @Override
    public String taskName() {
        return activation.task();
    }

    @Override
    public Map<String, Object> params() {
        return activation.params() == null ? Map.of() : activation.params();
    }

    @Override
    public Map<String, String> inputs() {
        return activation.inputs() == null ? Map.of() : activation.inputs();
    }

    @Override
    public List<String> declaredOutputs() {
        return activation.outputs() == null ? List.of() : activation.outputs();
    }

    @Override
    public Set<String> permissions() {
        return activation.permissions() == null ? Set.of() : activation.permissions();
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public TaskLogger logger() {
        return logger;
    }
}
