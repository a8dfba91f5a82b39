package dev.varflow.coordinator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.varflow.workflow.StorableText;
import dev.varflow.workflow.VariableNames;

/**
 * The checks every variable entering through the API or Kafka passes (start, batch start, run request, replay):
 * name syntax, reserved names ({@link VariableNames}), storable text and size. Each failure names its field.
 */
final class VariableChecks {

    private VariableChecks() {
    }

    /**
     * Rejects the first bad variable of a start. {@code AUTH_TOKEN} in exactly that spelling is the run's token and
     * passes; any other spelling is refused rather than guessed at, so a token never lands among plain variables.
     */
    static void checkStart(Map<String, String> vars, int maxBytes) {
        vars.forEach((name, value) -> {
            if (VariableNames.AUTH_TOKEN.equals(name)) {
                checkToken("vars." + VariableNames.AUTH_TOKEN, value);
            } else if (VariableNames.isAuthToken(name)) {
                throw new BadRequestException(field(name), "the run's token is passed as AUTH_TOKEN (upper case) "
                        + "or in authToken; '" + name + "' is refused so that it is never kept as a plain variable");
            } else {
                check(name, value, maxBytes);
            }
        });
    }

    /** Rejects the first bad variable of a replay; a fresh token travels as the request's authToken, never as a variable. */
    static void checkReplay(Map<String, String> vars, int maxBytes) {
        vars.forEach((name, value) -> {
            if (VariableNames.isAuthToken(name)) {
                throw new BadRequestException(field(name),
                        "a token is never a replay variable; pass a fresh one as authToken");
            }
            check(name, value, maxBytes);
        });
    }

    /** A token that cannot even travel in a header or be hashed as text is refused before anyone sees it. */
    static void checkToken(String field, String token) {
        if (token != null && StorableText.nameProblem("the token", token) != null) {
            throw new BadRequestException(field, "the token contains characters no token has (control characters "
                    + "or invalid Unicode)");
        }
    }

    /** A name given by the caller (workflow, request id) must be one line of storable text. */
    static void checkName(String field, String text) {
        String problem = StorableText.nameProblem(field, text);
        if (problem != null) {
            throw new BadRequestException(field, problem);
        }
    }

    private static void check(String name, String value, int maxBytes) {
        String problem = VariableNames.problem(name);
        if (problem != null) {
            throw new BadRequestException(field(name), problem);
        }
        if (value == null) {
            throw new BadRequestException(field(name), "variable " + name + " has no value");
        }
        String unstorable = StorableText.problem("the value of " + name, value);
        if (unstorable != null) {
            throw new BadRequestException(field(name), unstorable);
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new BadRequestException(field(name),
                    "variable " + name + " is " + bytes + " bytes, above the limit of " + maxBytes);
        }
    }

    private static String field(String name) {
        return "vars." + VariableNames.printable(name);
    }
}
