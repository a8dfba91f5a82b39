package dev.varflow.coordinator;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import dev.varflow.VarflowConfig;

/**
 * The coordinator's fault-injection points for crash tests ({@code varflow.faults.*}, docs/operations.md), all off by
 * default; an armed point is announced at start-up, because it kills the process on purpose.
 */
@ApplicationScoped
@Startup
public class Faults {

    private static final Logger LOG = Logger.getLogger(Faults.class);

    private final boolean dieAfterRunInsert;

    public Faults(VarflowConfig config) {
        this.dieAfterRunInsert = config.faults().dieAfterRunInsert();
        if (dieAfterRunInsert) {
            LOG.warn("TEST-ONLY fault injection armed: varflow.faults.die-after-run-insert=true halts this process "
                    + "after the next run insert; never set it in production");
        }
    }

    /** Halts the JVM at once (no shutdown hook, no flush: like SIGKILL) when {@code die-after-run-insert} is armed. */
    void afterRunInsert(String runId) {
        if (dieAfterRunInsert) {
            LOG.errorf("fault injection: halting after inserting run %s, before its start records are sent", runId);
            Runtime.getRuntime().halt(137);
        }
    }
}
