package dev.varflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import dev.varflow.messages.Activation;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;

class PermissionCheckTest {

    private static final TaskPlugin CMD = plugin("cmd", Set.of("can_execute_commands"));
    private static final TaskPlugin NOOP = plugin("noop", Set.of());
    private static final PermissionCheck PRODUCTION = new PermissionCheck(Set.of());

    @Test
    void shouldLetTasksNeedingNothingRunWithoutToken() {
        // given
        Activation activation = activation(null, null, List.of(), false);

        // when
        String denial = PRODUCTION.denial(activation, NOOP);

        // then
        assertThat(denial).isNull();
    }

    @Test
    void shouldDenyPluginPermissionsToTokenlessRunsByDefault() {
        // given
        Activation activation = activation(null, null, List.of(), false);

        // when
        String denial = PRODUCTION.denial(activation, CMD);

        // then
        assertThat(denial).isEqualTo("PERMISSION_DENIED: run has no AUTH_TOKEN (plugin cmd needs "
                + "can_execute_commands)");
    }

    @Test
    void shouldGrantPluginPermissionsToTokenlessRunsFromTheLocalGrant() {
        // given
        Activation activation = activation(null, null, List.of(), false);

        // when
        String named = new PermissionCheck(Set.of("can_execute_commands")).denial(activation, CMD);
        String all = new PermissionCheck(Set.of(PermissionCheck.ALL)).denial(activation, CMD);

        // then
        assertThat(named).isNull();
        assertThat(all).isNull();
    }

    @Test
    void shouldNeverLetTheLocalGrantSatisfyWorkflowRequirements() {
        // given
        PermissionCheck everything = new PermissionCheck(Set.of(PermissionCheck.ALL));

        // when
        String requiresAuth = everything.denial(activation(null, null, List.of(), true), NOOP);
        String required = everything.denial(activation(null, null, List.of("can_read"), false), NOOP);

        // then
        assertThat(requiresAuth).isEqualTo("PERMISSION_DENIED: run has no AUTH_TOKEN");
        assertThat(required).isEqualTo("PERMISSION_DENIED: run has no AUTH_TOKEN");
    }

    @Test
    void shouldNameTheFirstMissingPermissionOfARunWithToken() {
        // given
        Activation activation = activation(Set.of("can_read"), null, List.of("can_read"), false);

        // when
        String denial = new PermissionCheck(Set.of(PermissionCheck.ALL)).denial(activation, CMD);

        // then the tokenless grant does not apply to runs with a token
        assertThat(denial).isEqualTo("PERMISSION_DENIED: missing permission can_execute_commands");
    }

    @Test
    void shouldFailClosedWhenThePermissionServiceWasUnavailable() {
        // given
        Activation activation = activation(null, "no answer from Attica in time", List.of(), false);

        // when
        String withPermissions = PRODUCTION.denial(activation, CMD);
        String without = PRODUCTION.denial(activation, NOOP);

        // then
        assertThat(withPermissions).isEqualTo("permission service unavailable: no answer from Attica in time");
        assertThat(without).isNull();
    }

    @Test
    void shouldAllowARunHoldingEveryRequiredPermission() {
        // given
        Activation activation = activation(Set.of("can_read", "can_execute_commands"), null, List.of("can_read"),
                true);

        // when
        String denial = PRODUCTION.denial(activation, CMD);

        // then
        assertThat(denial).isNull();
    }

    private static Activation activation(Set<String> permissions, String error, List<String> required,
            boolean requiresAuth) {
        return new Activation("run", "task", "p", Map.of(), Map.of(), List.of(), permissions, error, required,
                requiresAuth, 0L, 1, null, null);
    }

    private static TaskPlugin plugin(String name, Set<String> permissions) {
        return new TaskPlugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> requiredPermissions() {
                return permissions;
            }

            @Override
            public CompletionStage<TaskResult> execute(TaskContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
