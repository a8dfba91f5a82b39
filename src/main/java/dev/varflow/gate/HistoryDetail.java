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
        if (event instanceof RunEvent.RunStarted e) {
            put(detail, "error", e.detail());
        } else if (event instanceof RunEvent.Variable e) {
            put(detail, "name", e.name());
            put(detail, "value", e.value());
        } else if (event instanceof RunEvent.TaskStarted e) {
            put(detail, "worker", e.worker());
            put(detail, "attempt", e.attempt());
        } else if (event instanceof RunEvent.TaskFinished e) {
            put(detail, "state", e.state());
            put(detail, "worker", e.worker());
            put(detail, "attempt", e.attempt());
            put(detail, "exitCode", e.exitCode());
            put(detail, "error", e.error());
        } else if (event instanceof RunEvent.RunFinished e) {
            put(detail, "state", e.state());
            put(detail, "error", e.error());
        }
        return detail.isEmpty() ? null : new String(Json.write(detail), StandardCharsets.UTF_8);
    }

    /** The task an event is about; null for a run-level event. */
    static String task(RunEvent event) {
        if (event instanceof RunEvent.TaskEvent report) {
            return report.task();
        }
        return event instanceof RunEvent.Variable variable ? variable.task() : null;
    }

    private static void put(Map<String, Object> detail, String key, Object value) {
        if (value != null) {
            detail.put(key, value);
        }
    }
}
