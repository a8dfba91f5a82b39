package dev.varflow.worker;

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

    static RunEvent clean(RunEvent e) {
        String name = StorableText.clean(e.name());
        String value = StorableText.clean(e.value());
        String output = StorableText.clean(e.output());
        String error = StorableText.clean(e.error());
        if (name == e.name() && value == e.value() && output == e.output() && error == e.error()) {
            return e;
        }
        return new RunEvent(e.type(), e.runId(), e.task(), name, value, e.state(), e.worker(), e.exitCode(), output,
                error, e.startedAt(), e.at(), e.waiting(), e.attempt(), e.atMicros(), e.startedAtMicros(),
                e.reportsStart());
    }
}
