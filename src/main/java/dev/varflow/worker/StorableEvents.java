package dev.varflow.worker;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.varflow.workflow.StorableText;
import dev.varflow.messages.RunEvent;

/**
 * The worker's last step before producing: the free text of an outcome (variable names and values, process
 * output, error messages) made storable ({@link StorableText}: NUL becomes U+FFFD), so no task can emit a record
 * the gate cannot store.
 */
final class StorableEvents {

    private StorableEvents() {
    }

    static RunEvent clean(RunEvent event) {
        if (event instanceof RunEvent.Variable e) {
            String name = StorableText.clean(e.name());
            String value = StorableText.clean(e.value());
            return name == e.name() && value == e.value() ? e
                    : new RunEvent.Variable(e.runId(), e.task(), name, value, e.at());
        }
        if (event instanceof RunEvent.TaskFinished e) {
            String output = StorableText.clean(e.output());
            String error = StorableText.clean(e.error());
            Map<String, String> outputs = clean(e.outputs());
            return output == e.output() && error == e.error() && outputs == e.outputs() ? e
                    : new RunEvent.TaskFinished(e.runId(), e.task(), e.state(), e.worker(), e.exitCode(), output,
                            error, e.startedAt(), e.at(), e.attempt(), e.atMicros(), e.startedAtMicros(),
                            e.reportsStart(), e.runAttempt(), outputs);
        }
        // The other records carry no text a task wrote.
        return event;
    }

    /** The outputs with names and values made storable; the same map when nothing needed it. */
    private static Map<String, String> clean(Map<String, String> outputs) {
        if (outputs == null || outputs.entrySet().stream().allMatch(output ->
                StorableText.clean(output.getKey()) == output.getKey()
                        && StorableText.clean(output.getValue()) == output.getValue())) {
            return outputs; // the usual case: nothing to copy on a worker's hot path
        }
        Map<String, String> cleaned = new LinkedHashMap<>();
        outputs.forEach((name, value) -> cleaned.putIfAbsent(StorableText.clean(name), StorableText.clean(value)));
        return cleaned;
    }
}
