package dev.varflow.plugins;

import dev.varflow.spi.BlockingTaskPlugin;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Runs {@code params.command} with {@code /bin/sh -c}; input variables reach it only as environment variables,
 * never as command text. {@code $NAME} of an input means its value in any quoting context ({@link ShellReferences}).
 */
public final class CmdPlugin extends BlockingTaskPlugin {

    public static final String NAME = "cmd";
    public static final String PERMISSION = "can_execute_commands";

    private final ProcessRunner runner;

    public CmdPlugin() {
        this(new ProcessRunner());
    }

    CmdPlugin(ProcessRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Runs params.command with /bin/sh; inputs are environment variables, NAME=value lines are outputs";
    }

    @Override
    public Set<String> requiredPermissions() {
        return Set.of(PERMISSION);
    }

    @Override
    protected TaskResult run(TaskContext context) throws InterruptedException {
        String command = context.param("command", "");
        if (command.isBlank()) {
            return TaskResult.failed("params.command is required");
        }
        Duration timeout = null;
        String timeoutText = context.param("timeout", null);
        if (timeoutText != null) {
            try {
                BigDecimal seconds = Seconds.parse(timeoutText);
                if (seconds.signum() <= 0) {
                    return TaskResult.failed("params.timeout must be positive, got '" + timeoutText + "'");
                }
                timeout = Seconds.toDuration(seconds);
            } catch (NumberFormatException e) {
                return TaskResult.failed("params.timeout must be a number of seconds, got '" + timeoutText + "'");
            }
        }
        String script = ShellReferences.rewrite(command, context.inputs().keySet());
        return runner.run(List.of("/bin/sh", "-c", script), context.workingDirectory(), context.inputs(), timeout);
    }
}
