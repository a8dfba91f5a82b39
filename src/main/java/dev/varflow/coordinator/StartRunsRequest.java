package dev.varflow.coordinator;

import java.util.List;

/** Body of a batch start: the runs to start, each as in a single start. */
public record StartRunsRequest(List<StartRunRequest> runs) {
}
