package dev.varflow;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Which roles this process plays, parsed once from {@link VarflowConfig#roles()}. */
@ApplicationScoped
public class Roles {

    public static final String COORDINATOR = "coordinator";
    public static final String GATE = "gate";
    public static final String WORKER = "worker";
    private static final Set<String> ALL = Set.of(COORDINATOR, GATE, WORKER);

    private final Set<String> roles;
    private final Optional<Set<String>> workerPlugins;

    @Inject
    public Roles(VarflowConfig config) {
        this(config.roles());
    }

    Roles(String spec) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> plugins = new LinkedHashSet<>();
        boolean inWorkerPlugins = false;
        for (String raw : spec.split(",")) {
            String token = raw.trim();
            if (token.isEmpty()) {
                continue;
            }
            if (token.startsWith(WORKER + ":")) {
                names.add(WORKER);
                plugins.add(token.substring(WORKER.length() + 1).trim());
                inWorkerPlugins = true;
            } else if (ALL.contains(token)) {
                names.add(token);
                inWorkerPlugins = false;
            } else if (inWorkerPlugins) {
                plugins.add(token);
            } else {
                throw new IllegalArgumentException("unknown role '" + token + "' (roles: coordinator, gate, worker)");
            }
        }
        this.roles = Set.copyOf(names);
        this.workerPlugins = plugins.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(plugins));
    }

    /** Parses a role list as given to {@code --roles}; throws IllegalArgumentException naming a bad role. */
    public static Roles parse(String spec) {
        return new Roles(spec);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /**
     * Whether this process migrates the database schema by default: only a coordinator does, so gates and workers
     * can run with a database user that has no DDL rights (they wait for the schema instead, see SchemaReadiness).
     */
    public boolean ownsSchema() {
        return has(COORDINATOR);
    }

    /** Plugins a restricted worker pool runs; empty means all. */
    public Optional<Set<String>> workerPlugins() {
        return workerPlugins;
    }

    @Override
    public String toString() {
        return String.join(",", roles) + workerPlugins.map(p -> " (worker plugins " + p + ")").orElse("");
    }
}
