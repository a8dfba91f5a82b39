package dev.varflow.coordinator;

import java.time.OffsetDateTime;

import dev.varflow.messages.RunEvent;

/** One line of a run's history. */
public record HistoryEntry(long id, OffsetDateTime at, RunEvent.Type type, String task, String detail) {
}
