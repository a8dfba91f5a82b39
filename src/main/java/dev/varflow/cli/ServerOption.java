package dev.varflow.cli;

import picocli.CommandLine.Option;

/** The {@code --server URL} of the commands that talk to a running server over REST. */
final class ServerOption {

    /** Server used when neither --server nor VARFLOW_SERVER says otherwise. */
    static final String DEFAULT_SERVER = "http://localhost:8080";

    @Option(names = "--server", paramLabel = "URL",
            description = "The server's REST API (default $VARFLOW_SERVER, else " + DEFAULT_SERVER + ").")
    private String server;

    /** The server from {@code --server}, else VARFLOW_SERVER, else the default. */
    String url() {
        if (server != null) {
            return server;
        }
        String env = System.getenv("VARFLOW_SERVER");
        return env == null || env.isBlank() ? DEFAULT_SERVER : env;
    }

    RemoteCommands commands() {
        return new RemoteCommands(System.out, url());
    }
}
