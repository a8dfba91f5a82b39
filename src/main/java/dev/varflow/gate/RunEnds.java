package dev.varflow.gate;

import java.util.List;

import dev.varflow.messages.RunEvent;

/**
 * The runs that end with a pass's claims.
 *
 * @param recheck runs whose verdict came from cached state: never finished on it, they must be read and decided
 *     again
 */
record RunEnds(List<GateStore.RunFinish> finishes, List<RunEvent.RunFinished> events, List<String> recheck) {

    List<String> runIds() {
        return finishes.stream().map(GateStore.RunFinish::runId).toList();
    }
}
