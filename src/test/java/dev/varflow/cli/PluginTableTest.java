package dev.varflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.PluginDescriptor.Port;

class PluginTableTest {

    @Test
    void shouldPrintSummaryThenEachParamWithTypePresenceAndDescription() {
        // given
        PluginDescriptor plugin = new PluginDescriptor("wait", "Waits for a file",
                List.of(Param.required("file", ParamType.PATH, "the file", "flag"),
                        Param.optional("timeout", ParamType.DURATION, "60", "how long", "5m"),
                        Param.optional("label", ParamType.STRING, null, "shown in logs", "x")),
                false, List.of(Port.of("TIMEOUT", "")), List.of(Port.of(PluginDescriptor.ANY, "")), "");

        // when
        String text = PluginTable.render(plugin, Set.of("can_wait"));

        // then
        assertThat(text.lines()).containsExactly(
                "wait         Waits for a file  [needs can_wait]",
                "  file     path      required        the file",
                "  timeout  duration  default 60      how long",
                "  label    string    optional        shown in logs",
                "  inputs: TIMEOUT");
    }

    @Test
    void shouldSayWhenAPluginDoesNotDescribeItsParams() {
        // when
        String text = PluginTable.render(PluginDescriptor.undescribed("legacy", "Old plugin"), Set.of());

        // then
        assertThat(text.lines()).containsExactly("legacy       Old plugin",
                "  (params not described: any are accepted unchecked)");
    }
}
