package dev.varflow.coordinator.auth;

/** The caller may not control a run it did not start (403). */
public class NotOwnerException extends RuntimeException {

    public NotOwnerException(String message) {
        super(message);
    }
}
