package dev.varflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import dev.varflow.Roles;
import dev.varflow.infra.EmbeddedKafka;

/**
 * The {@code varflow} command. Offline commands run without starting anything; {@code run} and {@code server} start
 * the application, with an in-process Kafka broker and PostgreSQL unless external ones are configured.
 */
@QuarkusMain
public final class VarflowMain {

    private VarflowMain() {
    }

    public static void main(String[] argv) {
        quietEmbeddedServers();
        int code;
        try {
            code = dispatch(Args.parse(argv));
        } catch (IllegalArgumentException e) {
            System.err.println("varflow: " + e.getMessage());
            OfflineCommands.usage().forEach(System.err::println);
            code = 2;
        } catch (IOException e) {
            System.err.println("varflow: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /** The in-process broker and database log at INFO before Quarkus configures logging; keep them quiet. */
    private static void quietEmbeddedServers() {
        for (String name : new String[] { "kafka", "org.apache.kafka", "io.zonky", "state.change.logger" }) {
            java.util.logging.Logger.getLogger(name).setLevel(java.util.logging.Level.WARNING);
        }
    }

    private static int dispatch(Args args) throws IOException {
        Path pluginsDir = Path.of(System.getProperty("varflow.plugins-dir",
                System.getenv().getOrDefault("VARFLOW_PLUGINS_DIR", "plugins")));
        OfflineCommands offline = new OfflineCommands(System.out, System.err, pluginsDir);
        switch (args.command()) {
            case "validate":
                return offline.validate(args.file(), Set.copyOf(args.vars().keySet()));
            case "graph":
                return offline.graph(args.file());
            case "plugins":
                return offline.plugins();
            case "run":
                return run(args);
            case "server":
                return server(args);
            case "kafka":
                return kafka(args);
            case "runs":
                return remote(args).runs(args.options().get("status"), args.options().get("workflow"));
            case "show":
                return remote(args).show(runId(args));
            case "cancel":
            case "pause":
            case "resume":
                return remote(args).control(args.command(), runId(args));
            case "replay":
                return remote(args).replay(runId(args), args.vars());
            case "attica-dev":
                return AtticaDev.run(args.options());
            case "help":
            case "--help":
            case "-h":
                OfflineCommands.usage().forEach(System.out::println);
                return 0;
            default:
                throw new IllegalArgumentException("unknown command '" + args.command() + "'");
        }
    }

    private static RemoteCommands remote(Args args) {
        return new RemoteCommands(System.out, RemoteCommands.server(args));
    }

    private static String runId(Args args) {
        if (args.positional().isEmpty()) {
            throw new IllegalArgumentException(args.command() + " needs a RUN id");
        }
        return args.positional().get(0);
    }

    private static int run(Args args) throws IOException {
        String file = args.file();
        if (offlineCheck(args, file) != 0) {
            return 1;
        }
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", args.options().getOrDefault("port", "0"));
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
        // You run your own file as yourself: cmd and df may run without an AUTH_TOKEN (docs/security.md).
        defaultProperty("varflow.permissions.tokenless-grant", "VARFLOW_PERMISSIONS_TOKENLESS_GRANT", "*");
        defaultProperty("varflow.api.auth", "VARFLOW_API_AUTH", "none");
        try (Infrastructure infrastructure = new Infrastructure()) {
            infrastructure.prepare(null);
            System.out.printf("varflow: infrastructure up %d ms after the command started%n",
                    System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean()
                            .getStartTime());
            RunCommand.configure(file, args.vars(), args.options().get("timeout"), infrastructure.notes());
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
     * A one-process server (no external Kafka) serves its API without authentication unless told otherwise, so it
     * listens on 127.0.0.1 only and says so.
     */
    private static void oneProcessApi() {
        defaultProperty("varflow.api.auth", "VARFLOW_API_AUTH", "none");
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

    /** Sets a system property unless the property or its environment variable is already given. */
    private static void defaultProperty(String property, String env, String value) {
        if (System.getProperty(property) == null && System.getenv(env) == null) {
            System.setProperty(property, value);
        }
    }

    private static int offlineCheck(Args args, String file) throws IOException {
        OfflineCommands quiet = new OfflineCommands(System.out, System.err, Path.of(
                System.getenv().getOrDefault("VARFLOW_PLUGINS_DIR", "plugins")));
        var result = quiet.load(file, Set.copyOf(args.vars().keySet()));
        // Env entries of the workflow count as provided: load() already knows them.
        if (result.hasErrors()) {
            result.problems().forEach(p -> System.err.println(p.format()));
            return 1;
        }
        return 0;
    }

    /** A standalone single-node broker, for running roles as separate processes on one machine. */
    private static int kafka(Args args) throws IOException {
        int port = Integer.parseInt(args.options().getOrDefault("port", "9092"));
        Path dataDir = Path.of(args.options().getOrDefault("data", ".varflow/kafka"));
        java.nio.file.Files.createDirectories(dataDir);
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir, port, false);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println("varflow: Kafka broker (KRaft) listening on " + broker.bootstrapServers() + ", data in "
                + dataDir);
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int server(Args args) throws IOException {
        String roles = args.options().getOrDefault("roles",
                System.getenv().getOrDefault("VARFLOW_ROLES", "coordinator,gate,worker"));
        Roles parsed = Roles.parse(roles);
        System.setProperty("varflow.roles", roles);
        // Only the coordinator migrates unless told otherwise (QUARKUS_FLYWAY_MIGRATE_AT_START): see deploy/README.md.
        defaultProperty("quarkus.flyway.migrate-at-start", "QUARKUS_FLYWAY_MIGRATE_AT_START",
                String.valueOf(parsed.ownsSchema()));
        boolean external = System.getenv("KAFKA_BOOTSTRAP_SERVERS") != null;
        if (args.options().containsKey("kafka-port")) {
            System.setProperty("varflow-cli.kafka-port", String.valueOf(Integer.parseInt(args.options().get("kafka-port"))));
        }
        try (Infrastructure infrastructure = new Infrastructure()) {
            infrastructure.prepare(Path.of(System.getenv().getOrDefault("VARFLOW_HOME", ".varflow")));
            if (!external) {
                oneProcessApi();
            }
            infrastructure.notes().forEach(note -> System.out.println("varflow: " + note));
            System.out.println("varflow: starting roles " + parsed);
            Quarkus.run(args.positional().toArray(String[]::new));
            return 0;
        }
    }
}
