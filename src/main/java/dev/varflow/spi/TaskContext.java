package dev.varflow.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** All a plugin sees of the run it works for. */
public interface TaskContext {

    String runId();

    String taskName();

    /** Task parameters from the workflow; scalar values are strings. */
    Map<String, Object> params();

    /** Values of the task's input variables. */
    Map<String, String> inputs();

    /** Names the task declared as outputs ({@code *} means any). */
    java.util.List<String> declaredOutputs();

    /** Permission names granted to the run (empty when the run carries no token). */
    Set<String> permissions();

    /**
     * Working directory of the run on this worker, shared by its tasks; exists and is writable once this method
     * returned (it is created on the first call, which fails with an unchecked exception when it cannot be).
     */
    Path workingDirectory();

    TaskLogger logger();

    /** String parameter or the default when absent. */
    default String param(String name, String defaultValue) {
        Object value = params().get(name);
        return value == null ? defaultValue : value.toString();
    }

    /** Fails the task with {@code PERMISSION_DENIED} unless the run holds the permission. */
    default void requirePermission(String permission) {
        if (!permissions().contains(permission)) {
            throw new PermissionDeniedException("missing permission " + permission);
        }
    }
}
