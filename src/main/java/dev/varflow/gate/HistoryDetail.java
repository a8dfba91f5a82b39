package dev.varflow.gate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/** The part of an event worth keeping in a run's history, as JSON. */
final class HistoryDetail {

    private HistoryDetail() {
    }

    static String of(RunEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>();
        put(detail, "name", event.name());
        put(detail, "value", event.value());
        put(detail, "state", event.state());
        put(detail, "worker", event.worker());
        put(detail, "attempt", event.attempt());
        put(detail, "exitCode", event.exitCode());
        put(detail, "error", event.error());
        return detail.isEmpty() ? null : new String(Json.write(detail), StandardCharsets.UTF_8);
    }

    private static void put(Map<String, Object> detail, String key, Object value) {
        if (value != null) {
            detail.put(key, value);
        }
    }
}
