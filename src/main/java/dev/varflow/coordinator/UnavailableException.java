package dev.varflow.coordinator;

/** A dependency (PostgreSQL or Kafka) is down: the request may succeed later (503 with Retry-After). */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
