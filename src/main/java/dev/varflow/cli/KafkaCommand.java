package dev.varflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

import dev.varflow.infra.EmbeddedKafka;

/** {@code varflow kafka}: a standalone single-node broker, for running roles as separate processes on one machine. */
@Command(name = "kafka", description = "Run a standalone single-node Kafka broker (KRaft) until stopped.")
final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "The broker's port (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = ".varflow/kafka",
            description = "Where the broker keeps its data (default ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir, port, false);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println("varflow: Kafka broker (KRaft) listening on " + broker.bootstrapServers() + ", data in "
                + dataDir);
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }
}
