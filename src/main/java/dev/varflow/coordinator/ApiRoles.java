package dev.varflow.coordinator;

import java.util.List;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The REST API's roles and what each may do: viewer reads, operator also starts, cancels, pauses, resumes and replays runs, admin also
 * registers workflows. Each role includes the ones below it.
 */
public final class ApiRoles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    private static final List<String> ORDER = List.of(VIEWER, OPERATOR, ADMIN);

    private ApiRoles() {
    }

    /** The least role a request needs. */
    public static String required(String method, String path) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return VIEWER;
        }
        if ("POST".equals(method) && (path.equals("/api/runs") || path.matches("/api/runs/[^/]+/(cancel|pause|resume|replay)"))) {
            return OPERATOR;
        }
        return ADMIN;
    }

    /** Whether the identity holds the role or a higher one. */
    public static boolean holds(SecurityIdentity identity, String role) {
        for (int i = ORDER.indexOf(role); i < ORDER.size(); i++) {
            if (identity.hasRole(ORDER.get(i))) {
                return true;
            }
        }
        return false;
    }
}
