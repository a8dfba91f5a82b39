package dev.varflow.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a plugin says about itself: its parameters, the inputs it reads and the outputs it emits, and an example task.
 * The loader checks each task's {@code params:} against it, {@code varflow plugins} and {@code GET /api/plugins}
 * show it, and editors build forms from it.
 *
 * @param name the name used in {@code plugin:}
 * @param summary one line saying what the plugin does
 * @param params the parameters it understands, in the order to show them
 * @param additionalParams whether params it does not list are accepted unchecked (plugins that did not describe
 *     their params); false means an unknown param is an error
 * @param inputs input variables it reads; a port named {@code *} means any declared input
 * @param outputs outputs it may emit; a port named {@code *} means any name the task declares
 * @param example a task using it, as YAML lines of a {@code tasks:} entry
 */
public record PluginDescriptor(String name, String summary, List<Param> params, boolean additionalParams,
        List<Port> inputs, List<Port> outputs, String example) {

    /** Port name standing for "any name the task declares". */
    public static final String ANY = "*";

    public PluginDescriptor {
        Objects.requireNonNull(name, "name");
        summary = summary == null ? "" : summary.strip();
        params = List.copyOf(params);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        example = example == null ? "" : example;
    }

    /** What a plugin that does not describe itself gets: its name and summary, any params accepted unchecked. */
    public static PluginDescriptor undescribed(String name, String summary) {
        return new PluginDescriptor(name, summary, List.of(), true, List.of(), List.of(), "");
    }

    /** The param of that name, if the plugin lists it. */
    public java.util.Optional<Param> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    /** The kinds of value a param takes; the loader checks each value against its kind. */
    public enum ParamType {
        /** Any single value (numbers and booleans are kept as their text). */
        STRING,
        /** A whole number, optionally within {@link Param#min()} and {@link Param#max()}. */
        INTEGER,
        /** A workflow duration: seconds ({@code 30}, {@code 0.5}) or a number with a unit ({@code 500ms, 5m, 2h}). */
        DURATION,
        /** A file or directory path, relative to the run's working directory unless absolute. */
        PATH,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A YAML list. */
        LIST,
        /** A YAML mapping. */
        MAP
    }

    /**
     * One parameter.
     *
     * @param defaultValue the value used when the task leaves it out, as text; null when there is none
     * @param example a value to show in docs and editors, as text
     * @param min smallest allowed value of an {@link ParamType#INTEGER} param, or null
     * @param max largest allowed value of an {@link ParamType#INTEGER} param, or null
     */
    public record Param(String name, ParamType type, boolean required, String defaultValue, String description,
            String example, Long min, Long max) {

        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            description = description == null ? "" : description.strip();
            example = example == null ? "" : example;
            if (required && defaultValue != null) {
                throw new IllegalArgumentException("param " + name + " is required and has a default");
            }
        }

        /** A param every task using the plugin must set. */
        public static Param required(String name, ParamType type, String description, String example) {
            return new Param(name, type, true, null, description, example, null, null);
        }

        /** A param that may be left out; {@code defaultValue} (null for none) applies then. */
        public static Param optional(String name, ParamType type, String defaultValue, String description,
                String example) {
            return new Param(name, type, false, defaultValue, description, example, null, null);
        }

        /** This param with integer bounds (inclusive; null for unbounded). */
        public Param between(Long minimum, Long maximum) {
            return new Param(name, type, required, defaultValue, description, example, minimum, maximum);
        }
    }

    /**
     * An input a plugin reads or an output it emits.
     *
     * @param required for inputs: whether the plugin fails without it
     */
    public record Port(String name, String description, boolean required) {

        public Port {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description.strip();
        }

        public static Port of(String name, String description) {
            return new Port(name, description, false);
        }
    }
}
