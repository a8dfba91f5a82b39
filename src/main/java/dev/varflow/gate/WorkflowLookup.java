package dev.varflow.gate;

import dev.varflow.workflow.Workflow;

/** The parsed workflow version a run executes, by its id (the gate's {@link WorkflowCache}, or a map in tests). */
@FunctionalInterface
public interface WorkflowLookup {

    Workflow get(long workflowId);
}
