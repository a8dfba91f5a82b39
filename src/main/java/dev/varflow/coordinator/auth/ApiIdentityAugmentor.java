package dev.varflow.coordinator.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;

/**
 * Gives identities the API roles their role implies (admin -> operator -> viewer), and with varflow.api.auth=none
 * turns the anonymous caller into the local principal holding every role: the resources' {@code @RolesAllowed} then
 * decide alike in both modes, and nothing is let through by path.
 */
@ApplicationScoped
public class ApiIdentityAugmentor implements SecurityIdentityAugmentor {

    /** The caller's name when the API has no authentication (one-process mode, tests). */
    public static final String LOCAL = "local";

    private final boolean open;

    public ApiIdentityAugmentor(VarflowConfig config) {
        this.open = ApiSecurityCheck.NONE.equals(config.api().auth());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            if (!open) {
                return Uni.createFrom().item(identity);
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).setAnonymous(false)
                    .setPrincipal(new QuarkusPrincipal(LOCAL)).addRoles(ApiRoles.implied(java.util.Set.of(
                            ApiRoles.ADMIN))).build());
        }
        java.util.Set<String> roles = ApiRoles.implied(identity.getRoles());
        if (roles.equals(identity.getRoles())) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(roles).build());
    }
}
