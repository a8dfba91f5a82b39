package dev.varflow.coordinator.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.varflow.coordinator.BadRequestException;
import dev.varflow.engine.RunStatus;
import dev.varflow.workflow.StorableText;
import dev.varflow.workflow.VariableNames;

/**
 * Reads query and path parameters as text and checks them here, so a bad one is a 400 naming it (the framework's
 * own conversion answers 404 with no body for {@code ?limit=abc}).
 */
final class RequestParams {

    /** Longest run id accepted in a path; ids are UUIDs or a run request's id. */
    static final int MAX_ID_LENGTH = 200;

    private RequestParams() {
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    static int integer(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Answered below, like a number out of range.
        }
        throw new BadRequestException(name, "Expected " + name + " to be an integer between " + min + " and " + max
                + ", but got \"" + shown(raw) + "\"");
    }

    /** A run status (any case), or null when absent. */
    static RunStatus status(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return Arrays.stream(RunStatus.values()).filter(s -> s.name().equals(raw.trim().toUpperCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new BadRequestException(name, "Expected " + name + " to be one of "
                        + Arrays.stream(RunStatus.values()).map(Enum::name).collect(Collectors.joining(", "))
                        + ", but got \"" + shown(raw) + "\""));
    }

    /** Free text that must be one line of storable text (a workflow name to filter by), or null when absent. */
    static String text(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String problem = StorableText.nameProblem(name, raw);
        if (problem != null) {
            throw new BadRequestException(name, "Expected " + name + " to be one line of text, but " + problem);
        }
        return raw;
    }

    /** A run id from the path: printable and not absurdly long, else no run can have it. */
    static String runId(String raw) {
        String problem = StorableText.nameProblem("the run id", raw);
        if (problem == null && raw.length() > MAX_ID_LENGTH) {
            problem = "it is " + raw.length() + " characters long, above " + MAX_ID_LENGTH;
        }
        if (problem != null) {
            throw new BadRequestException("id", "Expected a run id, but " + problem);
        }
        return raw;
    }

    /** The value as a message may quote it: control characters escaped, at most 80 characters. */
    static String shown(String raw) {
        String printable = VariableNames.printable(raw);
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "...";
    }
}
