package dev.varflow.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import dev.varflow.coordinator.api.RunResource;
import dev.varflow.coordinator.api.WorkflowResource;

class ApiRolesTest {

    @Test
    void shouldGiveEachRoleTheRolesBelowIt() {
        // given / when / then
        assertThat(ApiRoles.implied(Set.of("admin"))).containsExactlyInAnyOrder("admin", "operator", "viewer");
        assertThat(ApiRoles.implied(Set.of("operator"))).containsExactlyInAnyOrder("operator", "viewer");
        assertThat(ApiRoles.implied(Set.of("viewer"))).containsExactlyInAnyOrder("viewer");
        assertThat(ApiRoles.implied(Set.of("auditor"))).containsExactlyInAnyOrder("auditor");
        assertThat(ApiRoles.implied(Set.of())).isEmpty();
    }

    @Test
    void shouldDeclareTheLeastRoleOnEveryResourceMethod() {
        // given the API's resources
        Map<String, String> roles = new TreeMap<>();

        // when
        for (Class<?> resource : new Class<?>[] { RunResource.class, WorkflowResource.class,
                dev.varflow.coordinator.api.PluginResource.class, dev.varflow.coordinator.api.SchemaResource.class,
                dev.varflow.coordinator.api.EditorResource.class, dev.varflow.coordinator.api.MeResource.class }) {
            for (Method method : resource.getDeclaredMethods()) {
                if (java.lang.reflect.Modifier.isPublic(method.getModifiers())) {
                    RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
                    roles.put(resource.getSimpleName() + "." + method.getName(),
                            allowed == null ? "NONE" : String.join(",", Arrays.asList(allowed.value())));
                }
            }
        }

        // then reads need viewer, run control and editor drafts operator, registration admin; none is unannotated
        assertThat(roles).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("RunResource.start", "operator"), Map.entry("RunResource.startAll", "operator"),
                Map.entry("RunResource.list", "viewer"), Map.entry("RunResource.get", "viewer"),
                Map.entry("RunResource.cancel", "operator"), Map.entry("RunResource.pause", "operator"),
                Map.entry("RunResource.resume", "operator"), Map.entry("RunResource.replay", "operator"),
                Map.entry("RunResource.history", "viewer"), Map.entry("RunResource.events", "viewer"),
                Map.entry("WorkflowResource.register", "admin"), Map.entry("WorkflowResource.list", "viewer"),
                Map.entry("WorkflowResource.overview", "viewer"), Map.entry("WorkflowResource.source", "viewer"),
                Map.entry("WorkflowResource.graph", "viewer"), Map.entry("PluginResource.list", "viewer"),
                Map.entry("SchemaResource.get", "viewer"), Map.entry("EditorResource.view", "operator"),
                Map.entry("EditorResource.edit", "operator"), Map.entry("MeResource.me", "viewer")));
        assertThat(RunResource.class.getAnnotation(Path.class).value()).isEqualTo("/api/runs");
    }

    @Test
    void shouldLetOnlyTheOwnerOrAnAdminControlARun() {
        // given
        Caller otto = new Caller("otto", false);
        Caller ada = new Caller("ada", true);
        Caller kafka = new Caller("kafka", false);

        // when / then
        assertThat(otto.mayControl("otto")).isTrue();
        assertThat(otto.mayControl("olga")).isFalse();
        assertThat(otto.mayControl(null)).isFalse();
        assertThat(ada.mayControl("otto")).isTrue();
        assertThat(ada.mayControl(null)).isTrue();
        assertThat(kafka.mayControl(Caller.KAFKA)).isFalse();
        assertThat(new Caller("schedule:nightly", false).mayControl(Caller.schedule("nightly"))).isFalse();
        assertThat(new Caller("local", false).mayControl("local")).isFalse();
    }
}
