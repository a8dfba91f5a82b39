package dev.varflow.coordinator;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.varflow.VarflowConfig;

/**
 * Guards {@code /api/**} when varflow.api.auth=oidc: anonymous requests get 401, a token without the needed role
 * 403 (see {@link ApiRoles}). Everything else, such as {@code /q/health}, stays open.
 */
@ApplicationScoped
public class ApiAccessPolicy implements HttpSecurityPolicy {

    private final boolean enforced;

    public ApiAccessPolicy(VarflowConfig config) {
        this.enforced = ApiSecurityCheck.OIDC.equals(config.api().auth());
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext context) {
        String path = request.normalizedPath();
        if (!enforced || !(path.equals("/api") || path.startsWith("/api/"))) {
            return CheckResult.permit();
        }
        String role = ApiRoles.required(request.request().method().name(), path);
        return identity.map(id -> !id.isAnonymous() && ApiRoles.holds(id, role) ? CheckResult.PERMIT
                : CheckResult.DENY);
    }
}
