package dev.varflow.crash;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bench/chaos.sh}: the chaos run with big numbers. Arguments: runs, runs posted per second, target directory
 * (holding {@code quarkus-app/}). Prints the report; exits 1 when something was lost.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ChaosMain RUNS RUNS_PER_SECOND TARGET_DIR");
            System.exit(2);
        }
        ChaosReport report = Chaos.run(new Chaos.Settings(Integer.parseInt(args[0]), Double.parseDouble(args[1]),
                Path.of(args[2]).toAbsolutePath(), Duration.ofMinutes(15)));
        report.lines().forEach(System.out::println);
        System.exit(report.violations().isEmpty() ? 0 : 1);
    }
}
