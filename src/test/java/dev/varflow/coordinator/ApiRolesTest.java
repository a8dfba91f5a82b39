package dev.varflow.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiRolesTest {

    @Test
    void shouldMapEachRequestToTheLeastRoleAllowedToMakeIt() {
        // given the API's routes
        // when / then
        assertThat(ApiRoles.required("GET", "/api/runs/42")).isEqualTo(ApiRoles.VIEWER);
        assertThat(ApiRoles.required("GET", "/api/workflows")).isEqualTo(ApiRoles.VIEWER);
        assertThat(ApiRoles.required("POST", "/api/runs")).isEqualTo(ApiRoles.OPERATOR);
        assertThat(ApiRoles.required("POST", "/api/runs/42/cancel")).isEqualTo(ApiRoles.OPERATOR);
        assertThat(ApiRoles.required("POST", "/api/runs/42/pause")).isEqualTo(ApiRoles.OPERATOR);
        assertThat(ApiRoles.required("POST", "/api/runs/42/resume")).isEqualTo(ApiRoles.OPERATOR);
        assertThat(ApiRoles.required("POST", "/api/runs/42/replay")).isEqualTo(ApiRoles.OPERATOR);
        assertThat(ApiRoles.required("POST", "/api/workflows")).isEqualTo(ApiRoles.ADMIN);
        assertThat(ApiRoles.required("DELETE", "/api/runs/42")).isEqualTo(ApiRoles.ADMIN);
    }
}
