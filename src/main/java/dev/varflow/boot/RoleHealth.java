package dev.varflow.boot;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import dev.varflow.Roles;
import dev.varflow.coordinator.RunObserver;
import dev.varflow.gate.GateService;
import dev.varflow.worker.WorkerService;

/** Liveness (every consumer loop alive) and readiness (roles started) of this process. */
public class RoleHealth {

    /** Live while no role's consumer loop has died. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        private final GateService gate;
        private final WorkerService worker;
        private final RunObserver observer;

        public Live(GateService gate, WorkerService worker, RunObserver observer) {
            this.gate = gate;
            this.worker = worker;
            this.observer = observer;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("varflow-roles")
                    .status(gate.isHealthy() && worker.isHealthy() && observer.isHealthy())
                    .withData("gate", gate.isHealthy()).withData("worker", worker.isHealthy())
                    .withData("observer", observer.isHealthy()).build();
        }
    }

    /** Ready once the roles started. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final Lifecycle lifecycle;
        private final Roles roles;

        public Ready(Lifecycle lifecycle, Roles roles) {
            this.lifecycle = lifecycle;
            this.roles = roles;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("varflow-started").status(lifecycle.isReady())
                    .withData("roles", roles.toString()).build();
        }
    }
}
