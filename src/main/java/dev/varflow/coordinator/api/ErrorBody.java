package dev.varflow.coordinator.api;

import java.util.List;

import jakarta.ws.rs.core.Response;

import dev.varflow.workflow.Problem;

/**
 * The one JSON shape of every error the server answers: the status and its reason, a message, the JSON field or
 * {@code FILE:LINE:COL} at fault (or null), and every problem found (at least one; a workflow can have many).
 *
 * @param field the request field at fault, as a path ({@code vars.X}, {@code runs[1].workflow}, {@code limit})
 * @param location where in the request body or workflow file, {@code FILE:LINE:COL}
 */
public record ErrorBody(int status, String error, String message, String field, String location,
        List<Detail> problems) {

    /** One problem: a YAML or JSON location or a field, and what is wrong. */
    public record Detail(String location, Integer line, Integer column, String field, String message, String hint,
            String severity) {
    }

    /** An error with one problem at a field or a location (either may be null). */
    public static ErrorBody of(int status, String message, String field, String location) {
        return new ErrorBody(status, reason(status), message, field, location,
                List.of(new Detail(location, part(location, 2), part(location, 1), field, message, null, "ERROR")));
    }

    /** A workflow's validation problems: the message lists them all, the location is the first error's. */
    public static ErrorBody of(List<Problem> problems, String message) {
        List<Detail> details = problems.stream()
                .map(p -> new Detail(p.location().toString(), p.location().line(), p.location().column(), null,
                        p.message(), p.hint(), p.severity().name()))
                .toList();
        String location = problems.stream().filter(Problem::isError).findFirst().or(() -> problems.stream()
                .findFirst()).map(p -> p.location().toString()).orElse(null);
        return new ErrorBody(400, reason(400), message, null, location, details);
    }

    /** The reason phrase of a status, e.g. "Bad Request". */
    static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 422 ? "Unprocessable Content" : status >= 500 ? "Server Error" : "Client Error";
    }

    /** The LINE (from the end: 2) or COL (1) of {@code FILE:LINE:COL}, or null. */
    private static Integer part(String location, int fromEnd) {
        if (location == null) {
            return null;
        }
        String[] parts = location.split(":");
        if (parts.length < 3) {
            return null;
        }
        try {
            return Integer.valueOf(parts[parts.length - fromEnd]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
