package dev.varflow.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.varflow.messages.Activation;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskLogger;

/**
 * The {@link TaskContext} a plugin gets for one attempt, built from an activation. The working directory is
 * created when the plugin first asks for it, so plugins that never use one (start, noop, end) cost no file
 * system call.
 */
final class AttemptContext implements TaskContext {

    private static final Logger LOG = Logger.getLogger("dev.varflow.task");

    private final Activation activation;
    private final Path workingDirectory;
    private final TaskLogger logger;
    private volatile boolean created;

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

    /** @throws UncheckedIOException when the directory cannot be created (the attempt fails with it) */
    @Override
    public Path workingDirectory() {
        if (!created) {
            try {
                Files.createDirectories(workingDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create working directory " + workingDirectory, e);
            }
            created = true;
        }
        return workingDirectory;
    }

    @Override
    public TaskLogger logger() {
        return logger;
    }
}
