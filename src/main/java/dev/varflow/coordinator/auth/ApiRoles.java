package dev.varflow.coordinator.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The REST API's roles: viewer reads, operator also starts, cancels, pauses, resumes and replays runs, admin also
 * registers workflows. Each role includes the ones below it ({@link #implied}); resources declare the least role
 * of each method with {@code @RolesAllowed}.
 */
public final class ApiRoles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    /** Lowest first. */
    static final List<String> ORDER = List.of(VIEWER, OPERATOR, ADMIN);

    private ApiRoles() {
    }

    /** The roles given plus every API role below the highest API role among them. */
    public static Set<String> implied(Set<String> roles) {
        Set<String> all = new LinkedHashSet<>(roles);
        int highest = -1;
        for (int i = 0; i < ORDER.size(); i++) {
            if (roles.contains(ORDER.get(i))) {
                highest = i;
            }
        }
        all.addAll(ORDER.subList(0, highest + 1));
        return all;
    }
}
