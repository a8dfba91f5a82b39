package dev.varflow.coordinator;

/** The run is not in a state that allows the request (e.g. replaying a run that succeeded). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
