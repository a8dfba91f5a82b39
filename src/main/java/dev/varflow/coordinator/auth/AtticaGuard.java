package dev.varflow.coordinator.auth;

import java.time.temporal.ChronoUnit;
import java.util.Set;

import jakarta.enterprise.util.TypeLiteral;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;

/** Timeout per attempt, retries with exponential backoff and a circuit breaker around Attica calls. */
final class AtticaGuard {

    private AtticaGuard() {
    }

    static TypedGuard<Uni<Set<String>>> of(VarflowConfig.Attica config) {
        VarflowConfig.Attica.CircuitBreaker breaker = config.circuitBreaker();
        long delay = config.backoff().toMillis();
        // The backoff must stay below its cap; a cap at or under the first delay means "no growth".
        long maxDelay = Math.max(config.maxBackoff().toMillis(), delay + 1);
        return TypedGuard.create(new TypeLiteral<Uni<Set<String>>>() {
        })
                .withDescription("attica")
                .withRetry()
                .maxRetries(config.retries())
                .delay(delay, ChronoUnit.MILLIS)
                .maxDuration(0, ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(AtticaGuard::retryable)
                .withExponentialBackoff().factor(2).maxDelay(maxDelay, ChronoUnit.MILLIS).done()
                .done()
                .withCircuitBreaker()
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withTimeout()
                .duration(config.timeout().toMillis(), ChronoUnit.MILLIS)
                .done()
                .build();
    }

    private static boolean retryable(Throwable e) {
        return !(e instanceof AtticaException attica) || attica.retryable();
    }
}
