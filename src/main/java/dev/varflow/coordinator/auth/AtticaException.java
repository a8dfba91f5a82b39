package dev.varflow.coordinator.auth;

/** A failed exchange with Attica; the message is safe to show (it never contains the run's token). */
final class AtticaException extends RuntimeException {

    private final boolean retryable;

    AtticaException(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
