package dev.varflow.gate;

import java.util.List;

import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;

/**
 * What one committed gate batch must publish: activations for workers, run-finished events, and the answers to the
 * batch's control commands (the facts they caused, or their rejections).
 */
public record BatchResult(List<Activation> activations, List<RunEvent.RunFinished> finishedRuns,
        List<RunEvent> answers) {

    /** A result without control answers. */
    public BatchResult(List<Activation> activations, List<RunEvent.RunFinished> finishedRuns) {
        this(activations, finishedRuns, List.of());
    }

    BatchResult withAnswers(List<RunEvent> answers) {
        return answers.isEmpty() ? this : new BatchResult(activations, finishedRuns, answers);
    }
}
