package dev.varflow.workflow;

import java.util.Map;
import java.util.Set;

/** Shared fixtures for loader tests. */
final class Loading {

    static final Set<String> PLUGINS = Set.of("cmd", "df", "touched");

    static final String DISK_MONITOR = """
            workflow:
              name: "Disk Monitoring Workflow"
              tasks:
                - name: "START"
                  plugin: "start"
                  outputs: ["TRUE"]
                - name: "DF"
                  plugin: "df"
                  inputs: ["TRUE"]
                  outputs: ["MAIN_VOLUME", "FREE_SPACE"]
                - name: "TOUCHED"
                  plugin: "touched"
                  inputs: ["TIMEOUT"]
                  outputs: ["TRUE"]
                  params:
                    file: "semaphore.txt"
                    timeout: 10
                - name: "CMD"
                  plugin: "cmd"
                  inputs: ["FREE_SPACE"]
                  params:
                    command: "echo 'Free space is $FREE_SPACE' > space_report.txt"
                - name: "END"
                  plugin: "end"
                  inputs: ["TRUE"]
            """;

    private Loading() {
    }

    static LoadResult load(String yaml) {
        return load(yaml, Set.of(), Map.of());
    }

    static LoadResult load(String yaml, Set<String> startVariables, Map<String, String> processEnv) {
        return WorkflowLoader.load("flow.yaml", yaml, new LoadOptions(PLUGINS, startVariables, processEnv::get));
    }

    /** Problems as {@code LINE:COL message} so one assertion shows position and text. */
    static String[] located(LoadResult result) {
        return result.problems().stream()
                .map(p -> p.location().line() + ":" + p.location().column() + " " + p.message())
                .toArray(String[]::new);
    }
}
