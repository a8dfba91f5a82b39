package dev.varflow.coordinator.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns what Jackson found wrong with a request body into an error naming the field and the body's line and column. */
final class JsonErrors {

    private static final Pattern FOUND = Pattern.compile("from ([A-Za-z-]+) value");
    private static final Map<String, String> SHAPES = Map.of("Array", "an array", "Object", "an object", "String",
            "a string", "Integer", "an integer", "Floating-point", "a decimal number", "Boolean", "a boolean");

    private JsonErrors() {
    }

    static ErrorBody of(JsonProcessingException e) {
        String location = location(e.getLocation());
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return ErrorBody.of(400, "Expected only the fields " + known + ", but got \"" + unknown.getPropertyName()
                    + "\"", path(unknown.getPath()), location);
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch.getPath());
            String expected = describe(mismatch.getTargetType());
            String got = mismatch instanceof InvalidFormatException format ? "\"" + format.getValue() + "\""
                    : token(mismatch.getProcessor(), mismatch.getOriginalMessage());
            String what = field == null ? "the body" : field;
            return ErrorBody.of(400, "Expected " + what + " to be " + expected + ", but got " + got, field,
                    location);
        }
        JsonProcessingException syntax = e;
        String field = null;
        if (e instanceof JsonMappingException mapping) {
            // A syntax error inside a field: Jackson wraps it with the path it was reading.
            field = path(mapping.getPath());
            if (mapping.getCause() instanceof JsonProcessingException cause) {
                syntax = cause;
                location = location(cause.getLocation()) == null ? location : location(cause.getLocation());
            }
        }
        JsonLocation at = syntax.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return ErrorBody.of(400, "Expected a JSON body, but it is malformed" + where
                + (field == null ? "" : " (in " + field + ")") + ": " + clean(syntax.getOriginalMessage()), field,
                location);
    }

    /** Jackson's message without its note on where the enclosing array or object started (a redacted source). */
    private static String clean(String message) {
        return message == null ? "" : message.replaceAll(" \\(for \\w+ starting at \\[Source:.*$", "");
    }

    /** {@code body:LINE:COL}, or null when Jackson does not know. */
    private static String location(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? null : "body:" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** The field path as a user writes it: {@code runs[1].vars.X}; null for the body itself. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of string values";
        }
        return "an object";
    }

    private static String token(Object processor, String message) {
        if (!(processor instanceof JsonParser parser) || parser.currentToken() == null) {
            // Jackson names the shape it found in its message: "... from Array value (token ...)".
            Matcher found = FOUND.matcher(message == null ? "" : message);
            return found.find() ? SHAPES.getOrDefault(found.group(1), "something else") : "something else";
        }
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }
}
