package dev.varflow.gate;

import java.util.List;
import java.util.Map;

import dev.varflow.messages.Activation;

/**
 * What the gate decided for the runs of one pass over a batch.
 *
 * @param claims tasks to claim, in the state each starts in
 * @param fanOutClaims fan-out parents to claim RUNNING (their items are started by {@link FanOuts})
 * @param activations the activation to send for each ACTIVATED claim, sent only when its claim is won
 * @param resends activations a crashed gate claimed but never confirmed sent, to send again
 */
record Decision(List<GateStore.Claim> claims, List<GateStore.Claim> fanOutClaims,
        Map<TaskKey, Activation> activations, List<Activation> resends) {
}
