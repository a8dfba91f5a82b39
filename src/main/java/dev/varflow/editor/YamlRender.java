package dev.varflow.editor;

import java.util.List;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Writes values as YAML text in the style of the value they replace, so an edit looks hand-written. */
final class YamlRender {

    /** Words that stay unquoted when the replaced value was unquoted too. */
    private static final Pattern SAFE_PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./@+-]*");
    /** Values written unquoted in new keys: numbers, durations, booleans (the examples' own style). */
    private static final Pattern NUMBER_LIKE = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)?|true|false");
    private static final List<String> YAML_WORDS = List.of("null", "~", "yes", "no", "on", "off", "y", "n");

    private YamlRender() {
    }

    /**
     * A value as it follows {@code key:}, starting with its separator (a space, or a line break for block forms).
     *
     * @param old the node it replaces, or null for a new key
     * @param oldFlow whether {@code old} is a flow collection ({@code [...]} or <code>{...}</code>)
     * @param indent the indentation of the value's own lines (block scalars and block lists)
     */
    static String value(Object value, Node old, boolean oldFlow, int indent) {
        if (value instanceof List<?> list) {
            boolean block = old != null && !(old instanceof ScalarNode) && !oldFlow;
            return block ? blockList(list, indent) : " " + flowList(list);
        }
        String text = String.valueOf(value);
        if (text.contains("\n")) {
            return text.startsWith(" ") || text.startsWith("\t") ? " " + doubleQuoted(text)
                    : " " + literalBlock(text, indent);
        }
        ScalarStyle style = old instanceof ScalarNode scalar ? scalar.getScalarStyle() : null;
        if (style == ScalarStyle.PLAIN && SAFE_PLAIN.matcher(text).matches()
                && !YAML_WORDS.contains(text.toLowerCase())) {
            return " " + text;
        }
        if (style == ScalarStyle.SINGLE_QUOTED) {
            return " '" + text.replace("'", "''") + "'";
        }
        if (style == null && NUMBER_LIKE.matcher(text).matches()) {
            return " " + text;
        }
        return " " + doubleQuoted(text);
    }

    static String flowList(List<?> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(doubleQuoted(String.valueOf(items.get(i))));
        }
        return out.append(']').toString();
    }

    private static String blockList(List<?> items, int indent) {
        if (items.isEmpty()) {
            return " []";
        }
        StringBuilder out = new StringBuilder();
        items.forEach(item -> out.append('\n').append(" ".repeat(indent)).append("- ")
                .append(doubleQuoted(String.valueOf(item))));
        return out.toString();
    }

    private static String literalBlock(String text, int indent) {
        boolean endsWithNewline = text.endsWith("\n");
        String body = endsWithNewline ? text.substring(0, text.length() - 1) : text;
        StringBuilder out = new StringBuilder(endsWithNewline ? "|" : "|-");
        for (String line : body.split("\n", -1)) {
            out.append('\n');
            if (!line.isEmpty()) {
                out.append(" ".repeat(indent)).append(line);
            }
        }
        return out.toString();
    }

    /** A YAML double-quoted scalar; its escapes are JSON's, plus every control character as {@code \\uXXXX}. */
    static String doubleQuoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
