package dev.varflow.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;

import io.quarkus.runtime.Quarkus;

import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.varflow.workflow.LoadResult;
import dev.varflow.workflow.WorkDirSetting;

/**
 * {@code varflow run FILE}: checks the file offline, starts the infrastructure and Quarkus in this process, and
 * hands over to {@link RunCommand}, the Quarkus application that runs the file once and prints it live.
 */
@Command(name = "run", description = "Register a workflow, run it once in one process (in-process Kafka and "
        + "PostgreSQL unless configured), print each task as it starts and finishes, then the run's status and "
        + "variables; exit 0 only if the run SUCCEEDED.")
final class RunFileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The workflow file.")
    private Path file;

    @Mixin
    private VarOptions vars;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Cancel the run and exit 1 when it has not finished after this long: seconds (30, 0.5), "
                    + "500ms, 2m, 1h or PT30S. Default: wait for the end.")
    private Duration timeout;

    @Option(names = "--workdir", paramLabel = "DIR",
            description = "The directory the tasks run in (relative paths in commands and in touched's file mean "
                    + "paths there). Default: the workflow's workdir: (relative to the file), else the directory "
                    + "this command is run from.")
    private Path workdir;

    @Option(names = "--port", paramLabel = "PORT", hidden = true,
            description = "The REST port of this one-shot run on 127.0.0.1 (default: a free one).")
    private int port;

    @Override
    public Integer call() throws IOException {
        if (!valid()) {
            return ExitCode.SOFTWARE;
        }
        Path runDir = runDirectory();
        Files.createDirectories(runDir);
        System.setProperty("varflow.worker.run-dir", runDir.toString());
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", String.valueOf(port));
        // Metrics and OpenAPI (management interface) of a one-shot run: local, on a free port, so runs can overlap.
        System.setProperty("quarkus.management.host", "127.0.0.1");
        System.setProperty("quarkus.management.port", "0");
        System.setProperty("quarkus.log.level", "WARN");
        // One run of the file, not its schedule.
        System.setProperty("varflow.scheduler.enabled", "false");
        if (System.getenv("VARFLOW_TOPICS_PARTITIONS") == null) {
            // One short-lived run needs no parallelism across partitions; fewer make the start quicker.
            System.setProperty("varflow.topics.partitions", "2");
        }
        System.setProperty("quarkus.log.category.\"dev.varflow\".level", "WARN");
        // The in-process broker's start-up chatter (controller activation and the like) is not the user's concern.
        System.setProperty("quarkus.log.category.\"org.apache.kafka\".level", "ERROR");
        // Without authentication on a random 127.0.0.1 port is this mode's design, not news to its user.
        System.setProperty("quarkus.log.category.\"dev.varflow.coordinator.auth.ApiSecurityCheck\".level", "ERROR");
        // You run your own file as yourself: cmd and df may run without an AUTH_TOKEN (docs/security.md).
        SystemProperties.setDefault("varflow.permissions.tokenless-grant", "VARFLOW_PERMISSIONS_TOKENLESS_GRANT", "*");
        SystemProperties.setDefault("varflow.api.auth", "VARFLOW_API_AUTH", "none");
        try (Infrastructure infrastructure = new Infrastructure()) {
            infrastructure.prepare(null);
            System.out.printf("varflow: infrastructure up %d ms after the command started%n",
                    System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
            RunCommand.configure(file.toString(), vars.asMap(), timeout, infrastructure.notes());
            Quarkus.run(RunCommand.class, (code, error) -> {
                for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                    System.err.println("varflow: " + cause);
                }
                RunCommand.exitCode(code);
            });
            return RunCommand.exitCode();
        }
    }

    /**
     * Problems are reported before anything starts (warnings too: a task that can never fire is said so, and the run
     * goes on); env entries of the workflow count as provided.
     */
    private boolean valid() throws IOException {
        LoadResult result = OfflineCommands.onConsole().load(file.toString(), Set.copyOf(vars.asMap().keySet()));
        result.problems().forEach(p -> System.err.println(p.format()));
        return !result.hasErrors();
    }

    /** {@code --workdir}, else the workflow's {@code workdir:} (relative to the file), else the current directory. */
    private Path runDirectory() throws IOException {
        if (workdir != null) {
            return workdir.toAbsolutePath().normalize();
        }
        Path absoluteFile = file.toAbsolutePath();
        return WorkDirSetting.of(Files.readString(absoluteFile))
                .map(dir -> absoluteFile.getParent().resolve(dir).normalize())
                .orElseGet(() -> Path.of("").toAbsolutePath());
    }
}
