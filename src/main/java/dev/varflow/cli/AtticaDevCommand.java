package dev.varflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code varflow attica-dev}: a local Attica-compatible permission service answering from a YAML file. */
@Command(name = "attica-dev", description = "Run a local Attica-compatible permission service "
        + "(POST /permissions) answering from a YAML file, for trying the permission flow (docs/security.md).")
final class AtticaDevCommand implements Callable<Integer> {

    @Option(names = "--permissions", paramLabel = "FILE", required = true,
            description = "Tokens and their permissions, e.g. docs/examples/attica-perms.yaml.")
    private Path permissions;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8090",
            description = "The port to listen on (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address to listen on (default ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--require-client-token", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Answer 401 to callers without a client bearer token (default false).")
    private boolean requireClientToken;

    @Override
    public Integer call() throws IOException {
        return AtticaDev.run(permissions, host, port, requireClientToken);
    }
}
