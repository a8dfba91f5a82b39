package dev.varflow.workflow;

import java.util.List;

/**
 * A task as read from the file, with the positions the cross-task checks point at.
 *
 * @param definition the task; its name is a {@code #N} placeholder when the file gave none
 * @param named whether the file gave the task a usable name
 * @param nameLocation where the name is, or the task's location when it has none
 * @param when the {@code when:} condition as written, or null; compiled once all tasks are read
 */
record ParsedTask(TaskDefinition definition, boolean named, SourceLocation nameLocation, List<Located> inputs,
        List<Located> outputs, List<Located> dependsOn, String when) {

    /** A string from the file and where it was written. */
    record Located(String value, SourceLocation location) {
    }

    String name() {
        return definition.name();
    }

    // Each parsed task is one occurrence in the file; identity equality also keeps graph sets from hashing
    // whole task definitions on every step.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
