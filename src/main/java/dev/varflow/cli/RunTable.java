package dev.varflow.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Formats a list of runs as an aligned text table. */
final class RunTable {

    private static final String[] HEADERS = { "ID", "WORKFLOW", "STATUS", "CREATED", "FINISHED" };

    private RunTable() {
    }

    static List<String> format(JsonNode runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (JsonNode run : runs) {
            rows.add(new String[] { text(run, "id"), text(run, "workflow"), text(run, "status"),
                    Times.short_(text(run, "createdAt")), Times.short_(text(run, "finishedAt")) });
        }
        return TextColumns.align(rows);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : "-";
    }
}
