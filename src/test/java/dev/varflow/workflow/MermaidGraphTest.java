package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MermaidGraphTest {

    @Test
    void shouldDrawEdgesAndMarkSplitsAndJoins() {
        // given
        String yaml = """
                workflow:
                  name: "fan"
                  tasks:
                    - {name: start, plugin: start}
                    - {name: "split it", plugin: cmd, inputs: [TRUE, LIMIT], outputs: [PART]}
                    - {name: left, plugin: cmd, inputs: [PART], outputs: [L]}
                    - {name: right, plugin: cmd, inputs: [PART], outputs: [R]}
                    - {name: "say \\"done\\"", plugin: end, inputs: [L, R]}
                """;
        // Such names are refused since the name grammar; versions stored before it still have to render.
        Workflow workflow = WorkflowLoader.load("fan.yaml", yaml, LoadOptions.stored()).workflow();

        // when
        String graph = MermaidGraph.render(workflow);

        // then
        assertThat(graph).startsWith("flowchart LR\n")
                .contains("t0_start[\"start<br/>start\"]")
                .contains("t1_split_it[\"split it<br/>cmd\"]")
                .contains("t4_say__done_[\"say #quot;done#quot;<br/>end\"]")
                .contains("v_LIMIT([\"LIMIT\"])")
                .contains("t0_start -->|TRUE| t1_split_it")
                .contains("v_LIMIT --> t1_split_it")
                .contains("t1_split_it -->|PART| t2_left")
                .contains("t1_split_it -->|PART| t3_right")
                .contains("t2_left -->|L| t4_say__done_")
                .contains("t3_right -->|R| t4_say__done_")
                .contains("classDef split")
                .contains("classDef join")
                .contains("class t1_split_it split")
                .contains("class t4_say__done_ join")
                .doesNotContain("class t0_start");
    }

    @Test
    void shouldDrawDependsOnAsDottedEdgeAndEnvAsStadium() {
        // given
        String yaml = """
                workflow:
                  name: "deps"
                  env: {MODE: fast}
                  tasks:
                    - {name: a, plugin: cmd, inputs: [MODE]}
                    - {name: b, plugin: cmd, execution: {depends_on: [a]}}
                """;
        Workflow workflow = Loading.load(yaml).workflow();

        // when
        String graph = MermaidGraph.render(workflow);

        // then
        assertThat(graph).contains("v_MODE([\"env: MODE\"])")
                .contains("v_MODE --> t0_a")
                .contains("t0_a -.->|after| t1_b");
    }
}
