package dev.varflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.quarkus.runtime.Quarkus;

import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.varflow.Roles;

/** {@code varflow server}: runs roles as a long-lived service, starting the infrastructure that is not configured. */
@Command(name = "server", description = "Run roles as a long-lived service, REST API on port 8080. With all roles "
        + "(the default) and no KAFKA_BOOTSTRAP_SERVERS it starts an in-process broker, without a configured database "
        + "an in-process PostgreSQL (data in $VARFLOW_HOME, default .varflow); with some roles both must be "
        + "configured (or --embedded-infrastructure given).")
final class ServerCommand implements Callable<Integer> {

    @Option(names = "--roles", paramLabel = "ROLES", defaultValue = "${env:VARFLOW_ROLES:-coordinator,gate,worker}",
            description = "Roles of this process: coordinator, gate, worker; worker:cmd,df restricts the worker to "
                    + "those plugins (default $VARFLOW_ROLES, else ${DEFAULT-VALUE}).")
    private String roles;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "Pins the in-process broker's port (when KAFKA_BOOTSTRAP_SERVERS is unset).")
    private Integer kafkaPort;

    @Option(names = "--embedded-infrastructure", defaultValue = "${env:VARFLOW_EMBEDDED_INFRASTRUCTURE:-false}",
            description = "Start the in-process broker and database for what is not configured even when this "
                    + "process does not play all roles (default $VARFLOW_EMBEDDED_INFRASTRUCTURE, else false).")
    private boolean embedded;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Roles parsed;
        try {
            parsed = Roles.parse(roles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--roles': " + e.getMessage());
        }
        InfrastructurePlan plan = new InfrastructurePlan(parsed.has(Roles.COORDINATOR) && parsed.has(Roles.GATE)
                && parsed.has(Roles.WORKER), embedded, Infrastructure.kafkaConfigured(),
                Infrastructure.databaseConfigured());
        java.util.Optional<String> refusal = plan.refusal(roles);
        if (refusal.isPresent()) {
            System.err.println("varflow: " + refusal.get());
            return ExitCode.USAGE;
        }
        System.setProperty("varflow.roles", roles);
        // Only the coordinator migrates unless told otherwise (QUARKUS_FLYWAY_MIGRATE_AT_START): see deploy/README.md.
        SystemProperties.setDefault("quarkus.flyway.migrate-at-start", "QUARKUS_FLYWAY_MIGRATE_AT_START",
                String.valueOf(parsed.ownsSchema()));
        boolean external = System.getenv("KAFKA_BOOTSTRAP_SERVERS") != null;
        if (kafkaPort != null) {
            System.setProperty("varflow-cli.kafka-port", String.valueOf(kafkaPort));
        }
        try (Infrastructure infrastructure = new Infrastructure()) {
            infrastructure.prepare(Path.of(System.getenv().getOrDefault("VARFLOW_HOME", ".varflow")));
            if (!external) {
                oneProcessApi();
            }
            infrastructure.notes().forEach(note -> System.out.println("varflow: " + note));
            System.out.println("varflow: starting roles " + parsed);
            Quarkus.run();
            return ExitCode.OK;
        }
    }

    /**
     * A one-process server (no external Kafka) serves its API without authentication unless told otherwise, so it
     * listens on 127.0.0.1 only and says so.
     */
    private static void oneProcessApi() {
        SystemProperties.setDefault("varflow.api.auth", "VARFLOW_API_AUTH", "none");
        String auth = System.getProperty("varflow.api.auth", System.getenv("VARFLOW_API_AUTH"));
        if (System.getenv("QUARKUS_MANAGEMENT_HOST") == null) {
            // Metrics and OpenAPI of a one-process server are for whoever runs it.
            System.setProperty("quarkus.management.host", "127.0.0.1");
        }
        if ("none".equals(auth)) {
            System.setProperty("quarkus.http.host", "127.0.0.1");
            System.out.println("varflow: one-process mode: REST API without authentication, listening on 127.0.0.1 "
                    + "only (set VARFLOW_API_AUTH=oidc to require tokens; see docs/security.md)");
        } else if (System.getenv("QUARKUS_HTTP_HOST") == null) {
            System.setProperty("quarkus.http.host", "127.0.0.1");
        }
    }
}
