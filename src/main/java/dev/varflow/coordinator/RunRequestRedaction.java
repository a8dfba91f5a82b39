package dev.varflow.coordinator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
                for (String field : new String[] { "authToken", "auth_token" }) {
                    if (request.has(field)) {
                        request.put(field, REDACTED);
                    }
                }
                if (request.get("vars") instanceof ObjectNode vars && vars.has(RunService.AUTH_TOKEN)) {
                    vars.put(RunService.AUTH_TOKEN, REDACTED);
                }
            }
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            // Unparseable: a token could be anywhere in it, so keep only what identifies the record.
            return "[not JSON, " + value.length + " bytes, sha256 "
                    + WorkflowService.sha256(new String(value, StandardCharsets.UTF_8)) + "]";
        }
    }
}
