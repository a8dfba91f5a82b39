package dev.varflow.spi;

/** Thrown by a plugin (or the runtime) when the run lacks a permission the task needs. */
public class PermissionDeniedException extends RuntimeException {

    public PermissionDeniedException(String reason) {
        super("PERMISSION_DENIED: " + reason);
    }
}
