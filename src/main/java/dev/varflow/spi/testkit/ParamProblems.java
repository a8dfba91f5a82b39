package dev.varflow.spi.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.workflow.ParamCheck;

/** The loader's params rules applied to a test's params: unknown, missing required, values of the wrong type. */
final class ParamProblems {

    private ParamProblems() {
    }

    static List<String> of(PluginDescriptor plugin, Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        params.forEach((name, value) -> {
            Param param = plugin.param(name).orElse(null);
            if (param == null) {
                if (!plugin.additionalParams()) {
                    problems.add("plugin " + plugin.name() + " has no param '" + name + "'");
                }
                return;
            }
            String problem = problem(param, value);
            if (problem != null) {
                problems.add("params." + name + " " + problem);
            }
        });
        for (Param param : plugin.params()) {
            if (param.required() && !params.containsKey(param.name())) {
                problems.add("plugin " + plugin.name() + " needs params." + param.name());
            }
        }
        return problems;
    }

    /** The params as the worker hands them over: scalars as their text, lists and mappings as they are. */
    static Map<String, Object> asText(Map<String, Object> params) {
        Map<String, Object> text = new LinkedHashMap<>();
        params.forEach((name, value) -> text.put(name, value instanceof List || value instanceof Map
                ? value : String.valueOf(value)));
        return java.util.Collections.unmodifiableMap(text);
    }

    private static String problem(Param param, Object value) {
        if (value == null) {
            return "must have a value, found nothing";
        }
        if (param.type() == ParamType.LIST) {
            return value instanceof List ? null : "must be a list, found " + value;
        }
        if (param.type() == ParamType.MAP) {
            return value instanceof Map ? null : "must be a mapping, found " + value;
        }
        if (value instanceof List || value instanceof Map) {
            return "must be a single value, found " + value;
        }
        String text = String.valueOf(value);
        if (param.type() == ParamType.STRING && param.required() && text.isBlank()) {
            return "must not be empty";
        }
        return ParamCheck.textProblem(param, text);
    }
}
