package dev.varflow.coordinator.auth;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;

/**
 * Picks the OIDC tenant of a request when the web UI's login is on ({@code quarkus.oidc.webui.tenant-enabled}):
 * a bearer token always goes to the API's tenant; the UI's pages go to the {@code webui} tenant, which logs the
 * person in with the authorization code flow; and the UI's own API calls are checked against that session: reads with the
 * session cookie (an {@code EventSource} cannot add headers), writes only with the {@code X-Requested-With} header
 * too, which a cross-site form cannot send. Everything else stays with the API's
 * tenant, so an API caller without a token still gets 401, never a login page.
 */
@ApplicationScoped
public class UiTenantResolver implements TenantResolver {

    /** The web UI's OIDC tenant. */
    public static final String UI = "webui";
    /** Header the UI sends on its API calls; a cross-site request cannot set it without a CORS preflight. */
    public static final String REQUESTED_WITH = "JavaScript";
    private static final List<String> UI_PREFIXES = List.of("/ui/", "/_static/", "/_importmap/");
    private static final String SESSION_COOKIE = "q_session_" + UI;
    /**
     * The API's tenant, named: Quarkus would otherwise pick a tenant from a session cookie's name by itself and let
     * the cookie alone through.
     */
    private static final String API = io.quarkus.oidc.runtime.OidcUtils.DEFAULT_TENANT_ID;

    private final boolean enabled;

    public UiTenantResolver(@ConfigProperty(name = "quarkus.oidc.webui.tenant-enabled", defaultValue = "false")
            boolean uiLogin, @ConfigProperty(name = "varflow.api.auth") String auth) {
        this.enabled = uiLogin && ApiSecurityCheck.OIDC.equals(auth);
    }

    @Override
    public String resolve(RoutingContext context) {
        if (!enabled) {
            return null;
        }
        if (context.request().getHeader("Authorization") != null) {
            return API;
        }
        String path = context.normalizedPath();
        if (path.equals("/") || path.equals("/index.html") || UI_PREFIXES.stream().anyMatch(path::startsWith)) {
            return UI;
        }
        boolean read = "GET".equals(context.request().method().name());
        boolean uiCall = (read || REQUESTED_WITH.equals(context.request().getHeader("X-Requested-With")))
                && context.request().cookies().stream().anyMatch(c -> c.getName().startsWith(SESSION_COOKIE));
        return path.startsWith("/api/") && uiCall ? UI : API;
    }
}
