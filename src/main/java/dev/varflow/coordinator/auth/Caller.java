package dev.varflow.coordinator.auth;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who asks the API for something: the principal's name and whether it is an admin. A run's {@code started_by} is
 * the starting caller's name, or a system owner ({@link #KAFKA}, {@code schedule:<workflow>}, {@link
 * ApiIdentityAugmentor#LOCAL}) that no token holder can claim to be.
 */
public record Caller(String name, boolean admin) {

    /** Owner of runs started from run-request records on Kafka. */
    public static final String KAFKA = "kafka";
    private static final String SCHEDULE = "schedule:";

    /** The caller behind the current request's identity (never anonymous: the resources require a role). */
    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), identity.hasRole(ApiRoles.ADMIN));
    }

    /** Owner of the runs a workflow's schedule starts. */
    public static String schedule(String workflow) {
        return SCHEDULE + workflow;
    }

    /**
     * Whether this caller may cancel, pause, resume or replay a run started by {@code startedBy}: an admin always,
     * anyone else only their own runs; a system owner is matched by no caller's name, so a token whose name happens
     * to be {@code kafka} does not own the runs from Kafka.
     */
    public boolean mayControl(String startedBy) {
        return admin || startedBy != null && !systemOwner(startedBy) && startedBy.equals(name);
    }

    /** Fails with 403 unless {@link #mayControl}. */
    public void requireControl(String runId, String startedBy) {
        if (!mayControl(startedBy)) {
            throw new NotOwnerException("Expected the caller to have started run " + runId
                    + " or to be an admin, but " + name + " is neither");
        }
    }

    static boolean systemOwner(String startedBy) {
        return KAFKA.equals(startedBy) || startedBy.startsWith(SCHEDULE)
                || ApiIdentityAugmentor.LOCAL.equals(startedBy);
    }
}
