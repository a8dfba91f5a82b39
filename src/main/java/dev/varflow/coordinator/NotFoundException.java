package dev.varflow.coordinator;

/** The workflow or run asked for does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
