package dev.varflow.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.varflow.coordinator.auth.ApiSecurityCheck.Settings;

class ApiSecurityCheckTest {

    @Test
    void shouldRefuseAnOpenApiOnANonLoopbackAddress() {
        // given a coordinator without authentication listening on every interface
        Settings settings = new Settings("none", true, "0.0.0.0", false, false, false);

        // when / then
        assertThat(ApiSecurityCheck.refusal(settings)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("loopback").contains("0.0.0.0").contains("varflow.api.allow-insecure=true"));
        assertThat(ApiSecurityCheck.refusal(new Settings("none", true, "10.1.2.3", false, false, false)))
                .isPresent();
    }

    @Test
    void shouldStartAnOpenApiOnLoopbackOrWhenExplicitlyAllowed() {
        // given / when / then
        assertThat(ApiSecurityCheck.refusal(new Settings("none", true, "127.0.0.1", false, false, false))).isEmpty();
        assertThat(ApiSecurityCheck.refusal(new Settings("none", true, "localhost", false, false, false))).isEmpty();
        assertThat(ApiSecurityCheck.refusal(new Settings("none", true, "::1", false, false, false))).isEmpty();
        assertThat(ApiSecurityCheck.refusal(new Settings("none", true, "0.0.0.0", false, false, true))).isEmpty();
    }

    @Test
    void shouldNotCareAboutTheApiOfAProcessWithoutCoordinator() {
        // given a worker on every interface: it serves no API
        // when / then
        assertThat(ApiSecurityCheck.refusal(new Settings("none", false, "0.0.0.0", false, false, false))).isEmpty();
        assertThat(ApiSecurityCheck.refusal(new Settings("open", false, "127.0.0.1", false, false, false)))
                .isPresent();
    }

    @Test
    void shouldRefuseOidcWithoutIdentityProviderOrAudience() {
        // given / when / then
        assertThat(ApiSecurityCheck.refusal(new Settings("oidc", true, "0.0.0.0", false, true, false)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("identity provider"));
        assertThat(ApiSecurityCheck.refusal(new Settings("oidc", true, "0.0.0.0", true, false, false)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("quarkus.oidc.token.audience"));
        assertThat(ApiSecurityCheck.refusal(new Settings("oidc", true, "0.0.0.0", true, true, false))).isEmpty();
    }
}
