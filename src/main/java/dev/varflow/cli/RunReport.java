package dev.varflow.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Formats one run for reading: status, variables, tasks (with fan-out items) and what a stalled run waits for. */
final class RunReport {

    private static final int MAX_VALUE = 120;

    private RunReport() {
    }

    static List<String> format(JsonNode run) {
        List<String> lines = new ArrayList<>();
        lines.add("run " + run.path("id").asText() + " of " + run.path("workflow").asText() + " v"
                + run.path("version").asInt());
        lines.add("  status:   " + run.path("status").asText() + (run.path("attempt").asInt(1) > 1
                ? " (attempt " + run.path("attempt").asInt() + ")" : ""));
        lines.add("  created:  " + Times.short_(run.path("createdAt").asText(null)));
        lines.add("  finished: " + Times.short_(run.path("finishedAt").asText(null)));
        if (run.hasNonNull("error")) {
            lines.add("  error:    " + run.get("error").asText());
        }
        if (run.hasNonNull("workDir")) {
            lines.add("  workdir:  " + run.get("workDir").asText() + " (on the workers that ran its tasks)");
        }
        lines.add("variables:");
        run.path("variables").fields().forEachRemaining(v -> lines.add("  " + v.getKey() + "="
                + abbreviate(v.getValue().asText())));
        lines.add("tasks:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "TASK", "PLUGIN", "STATE", "ATTEMPTS", "DURATION", "EXIT", "ERROR / WAITING FOR" });
        for (JsonNode task : run.path("tasks")) {
            rows.add(row(task.path("name").asText(), task.path("plugin").asText(), task));
            for (JsonNode item : task.path("items")) {
                rows.add(row("  " + item.path("name").asText(), "", item));
            }
        }
        TextColumns.align(rows).forEach(line -> lines.add("  " + line));
        if (run.path("waiting").size() > 0) {
            lines.add("waiting:");
            run.path("waiting").fields().forEachRemaining(w -> lines.add("  " + w.getKey() + " waits for "
                    + join(w.getValue())));
        }
        return lines;
    }

    private static String[] row(String name, String plugin, JsonNode task) {
        String detail = task.hasNonNull("error") ? task.get("error").asText()
                : task.path("waitingFor").size() > 0 ? "waits for " + join(task.get("waitingFor")) : "";
        return new String[] { name, plugin, task.path("state").asText(), String.valueOf(task.path("attempts").asInt()),
                task.hasNonNull("durationMs") ? task.get("durationMs").asLong() + " ms" : "-",
                task.hasNonNull("exitCode") ? task.get("exitCode").asText() : "-", abbreviate(detail) };
    }

    private static String join(JsonNode names) {
        List<String> parts = new ArrayList<>();
        names.forEach(n -> parts.add(n.asText()));
        return String.join(", ", parts);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= MAX_VALUE ? oneLine : oneLine.substring(0, MAX_VALUE - 3) + "...";
    }
}
