package dev.varflow.gate;

import java.util.List;

import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;

/** What one committed gate batch must publish: activations for workers and run-finished events. */
public record BatchResult(List<Activation> activations, List<RunEvent.RunFinished> finishedRuns) {
}
