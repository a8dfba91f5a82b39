package dev.varflow.coordinator.auth;

import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.varflow.infra.Sha256;

/**
 * Trades a run's token for its permission set with Attica ({@code POST {"auth_token": ...}}), as an OIDC client,
 * with a per-token-hash cache, timeouts, retries and a circuit breaker. Never logs the token; never fails: every
 * problem becomes {@link PermissionGrant#unavailable}.
 */
public final class AtticaPermissionService implements PermissionService {

    private static final Logger LOG = Logger.getLogger(AtticaPermissionService.class);

    private final AtticaClient client;
    private final PermissionCache cache;
    private final TypedGuard<Uni<Set<String>>> guard;

    AtticaPermissionService(AtticaClient client, PermissionCache cache, TypedGuard<Uni<Set<String>>> guard) {
        this.client = client;
        this.cache = cache;
        this.guard = guard;
    }

    @Override
    public Uni<PermissionGrant> permissionsFor(String authToken) {
        String hash = Sha256.hex(authToken);
        PermissionGrant cached = cache.get(hash);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        Context caller = Vertx.currentContext();
        Uni<PermissionGrant> grant = guard.get(() -> client.fetch(authToken))
                .map(PermissionGrant::granted)
                .invoke(g -> cache.put(hash, g))
                .onFailure().recoverWithItem(e -> {
                    String reason = reason(e);
                    LOG.warnf("permission service unavailable: %s (token sha256 %s...)", reason,
                            hash.substring(0, 12));
                    return PermissionGrant.unavailable(reason);
                });
        // Retries and timeouts complete on other threads; the caller (Hibernate Reactive) needs its own context.
        return caller == null ? grant : grant.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    static String reason(Throwable e) {
        if (e instanceof AtticaException) {
            return e.getMessage();
        }
        if (e instanceof TimeoutException
                || e instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
            return "no answer from Attica in time";
        }
        if (e instanceof CircuitBreakerOpenException) {
            return "circuit breaker open after repeated failures";
        }
        return e.getClass().getSimpleName();
    }
}
