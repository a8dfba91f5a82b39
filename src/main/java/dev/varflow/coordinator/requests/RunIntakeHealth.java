package dev.varflow.coordinator.requests;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Run intake from Kafka in liveness and readiness: DOWN when the run-request consumer's thread died or is stuck
 * (no poll, or one request failing, for a minute), so a coordinator that silently stopped starting requested runs
 * is restarted and taken out of service instead.
 */
@Liveness
@Readiness
@ApplicationScoped
public class RunIntakeHealth implements HealthCheck {

    private final RunRequestService runRequests;

    public RunIntakeHealth(RunRequestService runRequests) {
        this.runRequests = runRequests;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = runRequests.intakeProblem();
        var response = HealthCheckResponse.named("varflow-run-intake").status(problem == null);
        return (problem == null ? response : response.withData("problem", problem)).build();
    }
}
