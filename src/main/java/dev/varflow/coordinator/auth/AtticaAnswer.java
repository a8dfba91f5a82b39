package dev.varflow.coordinator.auth;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads Attica's answer: {@code {"permissions": {"name": true, ...}}} (true ones are granted) or
 * {@code {"permissions": ["name", ...]}}. Anything else is malformed and grants nothing.
 */
final class AtticaAnswer {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String MALFORMED = "malformed answer from Attica (expected {\"permissions\": {name: bool}} or "
            + "{\"permissions\": [names]})";

    private AtticaAnswer() {
    }

    static Set<String> parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AtticaException(MALFORMED, false);
        }
        JsonNode permissions = root == null || !root.isObject() ? null : root.get("permissions");
        Set<String> granted = new LinkedHashSet<>();
        if (permissions != null && permissions.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = permissions.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isBoolean()) {
                    throw new AtticaException(MALFORMED, false);
                }
                if (entry.getValue().booleanValue()) {
                    granted.add(entry.getKey());
                }
            }
            return granted;
        }
        if (permissions != null && permissions.isArray()) {
            for (JsonNode name : permissions) {
                if (!name.isTextual() || name.textValue().isBlank()) {
                    throw new AtticaException(MALFORMED, false);
                }
                granted.add(name.textValue());
            }
            return granted;
        }
        throw new AtticaException(MALFORMED, false);
    }
}
