package dev.varflow.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.Port;

/** The text {@code varflow plugins} prints: each plugin's summary, then its params, inputs and outputs. */
final class PluginTable {

    private PluginTable() {
    }

    /** One plugin: a summary line, then indented lines for each param, the inputs and the outputs it names. */
    static String render(PluginDescriptor plugin, Set<String> permissions) {
        StringBuilder out = new StringBuilder();
        String needs = permissions.isEmpty() ? "" : "  [needs " + String.join(", ", permissions.stream().sorted()
                .toList()) + "]";
        out.append(String.format("%-12s %s%s%n", plugin.name(), plugin.summary(), needs));
        int width = plugin.params().stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (Param param : plugin.params()) {
            out.append(String.format("  %-" + width + "s  %-8s  %-14s  %s%n", param.name(),
                    param.type().name().toLowerCase(Locale.ROOT), presence(param), param.description() + bounds(param)).stripTrailing())
                    .append(System.lineSeparator());
        }
        if (plugin.additionalParams()) {
            out.append("  (params not described: any are accepted unchecked)").append(System.lineSeparator());
        }
        ports("inputs", plugin.inputs(), out);
        ports("outputs", plugin.outputs(), out);
        return out.toString();
    }

    private static String bounds(Param param) {
        if (param.min() == null && param.max() == null) {
            return "";
        }
        return " (" + (param.min() == null ? "" : param.min()) + ".." + (param.max() == null ? "" : param.max()) + ")";
    }

    private static String presence(Param param) {
        if (param.required()) {
            return "required";
        }
        return param.defaultValue() == null ? "optional" : "default " + param.defaultValue();
    }

    /** Named ports only: "any" ({@code *}) is what every plugin does and would only add noise. */
    private static void ports(String label, List<Port> ports, StringBuilder out) {
        List<Port> named = ports.stream().filter(p -> !PluginDescriptor.ANY.equals(p.name())).toList();
        if (!named.isEmpty()) {
            out.append("  ").append(label).append(": ")
                    .append(named.stream().map(Port::name).collect(Collectors.joining(", ")))
                    .append(System.lineSeparator());
        }
    }
}
