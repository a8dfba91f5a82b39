package dev.varflow.coordinator.requests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.varflow.infra.Sha256;
import dev.varflow.workflow.VariableNames;

/** A rejected run request as it may be kept (dead-letter topic): its tokens replaced, or only its hash. */
final class RunRequestRedaction {

    static final String REDACTED = "[redacted]";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunRequestRedaction() {
    }

    static String redact(byte[] value) {
        if (value == null) {
            return "";
        }
        try {
            JsonNode node = MAPPER.readTree(value);
            if (node instanceof ObjectNode request) {
                List<String> fields = new ArrayList<>();
                request.fieldNames().forEachRemaining(field -> {
                    // Jackson binds authToken and auth_token; a near miss in another case may still be a token.
                    if (field.equalsIgnoreCase("authToken") || VariableNames.isAuthToken(field)) {
                        fields.add(field);
                    }
                });
                fields.forEach(field -> request.put(field, REDACTED));
                if (request.get("vars") instanceof ObjectNode vars) {
                    // Any spelling: the request is refused, but auth_token may still hold a real token.
                    List<String> tokens = new ArrayList<>();
                    vars.fieldNames().forEachRemaining(name -> {
                        if (VariableNames.isAuthToken(name)) {
                            tokens.add(name);
                        }
                    });
                    tokens.forEach(name -> vars.put(name, REDACTED));
                }
            }
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            // Unparseable: a token could be anywhere in it, so keep only what identifies the record.
            return "[not JSON, " + value.length + " bytes, sha256 "
                    + Sha256.hex(new String(value, StandardCharsets.UTF_8)) + "]";
        }
    }
}
