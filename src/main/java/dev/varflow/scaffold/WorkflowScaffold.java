package dev.varflow.scaffold;

import java.util.List;

/** {@code varflow new workflow NAME}: a small workflow that runs green with {@code varflow run}. */
public final class WorkflowScaffold {

    private WorkflowScaffold() {
    }

    /** The file name for a workflow name: spaces become {@code -}. */
    public static String fileName(String name) {
        return name.replace(' ', '-') + ".yaml";
    }

    /** The workflow file; {@code name} must pass {@link Scaffolds#workflowNameProblem}. */
    public static List<ScaffoldFile> files(String name) {
        return List.of(ScaffoldFile.text(fileName(name), """
                # A Varflow workflow (docs/workflow-format.md). Check it with 'varflow validate %1$s',
                # run it with 'varflow run %1$s'. A task fires once all its inputs are set.
                workflow:
                  name: "%2$s"
                  description: "Says hello, then ends"
                  env:
                    WHO: "world"                   # every run starts with these variables; --var WHO=Ada overrides
                  tasks:
                    - name: "START"
                      plugin: "start"              # fires first and sets TRUE
                      outputs: ["TRUE"]
                    - name: "HELLO"
                      plugin: "cmd"                # runs a shell command; inputs are environment variables
                      inputs: ["TRUE", "WHO"]
                      outputs: ["MESSAGE"]         # NAME=value lines on stdout set outputs
                      params:
                        command: 'echo "MESSAGE=Hello, $WHO!"'
                      execution:
                        timeout: 30s
                    - name: "END"
                      plugin: "end"                # the run SUCCEEDS when END does
                      inputs: ["MESSAGE"]
                """.formatted(fileName(name), name)));
    }
}
