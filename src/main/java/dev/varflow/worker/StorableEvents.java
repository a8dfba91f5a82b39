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
            return output == e.output() && error == e.error() ? e
                    : new RunEvent.TaskFinished(e.runId(), e.task(), e.state(), e.worker(), e.exitCode(), output,
                            error, e.startedAt(), e.at(), e.attempt(), e.atMicros(), e.startedAtMicros(),
                            e.reportsStart(), e.runAttempt());
        }
        // The other records carry no text a task wrote.
        return event;
    }
}
