package dev.varflow.plugins;

import dev.varflow.spi.BlockingTaskPlugin;
import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Runs {@code params.command} with {@code /bin/sh -c}; input variables reach it only as environment variables,
 * never as command text.
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
    public PluginDescriptor describe() {
        return new PluginDescriptor(NAME, "Runs params.command with /bin/sh; inputs are environment variables, "
                + "NAME=value lines are outputs",
                List.of(Param.required("command", ParamType.STRING, "shell command line, run with /bin/sh -c; "
                                + "inputs reach it as environment variables ($NAME), never as command text",
                                "'echo \"GREETING=hello $NAME\"'"),
                        Param.optional("timeout", ParamType.DURATION, null, "kills the command's process tree after "
                                + "this long; no limit of its own when unset (execution.timeout still applies)",
                                "30s")),
                false,
                List.of(Port.of(PluginDescriptor.ANY, "each input the task declares, as an environment variable")),
                List.of(Port.of(PluginDescriptor.ANY, "each NAME=value line printed on stdout whose NAME the task "
                        + "declares (or any, with outputs: [\"*\"])")),
                "- name: GREET\n  plugin: cmd\n  inputs: [NAME]\n  outputs: [GREETING]\n  params:\n"
                        + "    command: 'echo \"GREETING=hello $NAME\"'\n");
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
                return TaskResult.failed("params.timeout must be seconds or a duration like 30s, got '" + timeoutText + "'");
            }
        }
        return runner.run(List.of("/bin/sh", "-c", command), context.workingDirectory(), context.inputs(), timeout);
    }
}
