package dev.varflow.coordinator;

import java.time.OffsetDateTime;

/** One line of a run's history. */
public record HistoryEntry(long id, OffsetDateTime at, String type, String task, String detail) {
}
