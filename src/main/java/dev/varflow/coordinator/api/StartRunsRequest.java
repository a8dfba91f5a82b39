package dev.varflow.coordinator.api;

import java.util.List;

import dev.varflow.coordinator.StartRunRequest;

/** Body of a batch start: the runs to start, each as in a single start. */
public record StartRunsRequest(List<StartRunRequest> runs) {
}
