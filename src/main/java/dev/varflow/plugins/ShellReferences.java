package dev.varflow.plugins;

import java.util.Set;

/**
 * Makes {@code $NAME} and {@code ${NAME}} in a {@code /bin/sh} command mean the value of the task's input NAME in
 * every quoting context, as workflow authors write them ({@code echo 'Free space is $FREE_SPACE'}), without ever
 * putting a value into the command text: each reference becomes a double-quoted expansion of the environment
 * variable that carries the value ({@code '...'"${FREE_SPACE}"'...'} inside single quotes, {@code "${NAME}"}
 * outside quotes), so the shell reads the value as data, never as code, whatever it contains.
 *
 * <p>Only references to declared inputs are rewritten; every other {@code $} (other variables, {@code $(...)},
 * {@code $((...))}, {@code ${NAME:-x}}, {@code $$}) is left to the shell. {@code $$NAME} writes {@code $NAME}
 * literally. A mistake of this scanner (e.g. a quote inside a here-document) can only turn a reference into literal
 * text or the reverse: values still never reach the command text.
 */
final class ShellReferences {

    private enum Quoting { NONE, SINGLE, DOUBLE }

    private ShellReferences() {
    }

    static String rewrite(String command, Set<String> inputs) {
        if (inputs.isEmpty() || command.indexOf('$') < 0) {
            return command;
        }
        StringBuilder out = new StringBuilder(command.length() + 16);
        Quoting quoting = Quoting.NONE;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '\\' && quoting != Quoting.SINGLE && i + 1 < command.length()) {
                out.append(c).append(command.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '\'' && quoting != Quoting.DOUBLE) {
                quoting = quoting == Quoting.SINGLE ? Quoting.NONE : Quoting.SINGLE;
            } else if (c == '"' && quoting != Quoting.SINGLE) {
                quoting = quoting == Quoting.DOUBLE ? Quoting.NONE : Quoting.DOUBLE;
            } else if (c == '$') {
                Reference reference = Reference.at(command, i, inputs);
                if (reference != null) {
                    out.append(reference.escaped() ? literal(reference.name(), quoting)
                            : expansion(reference.name(), quoting));
                    i = reference.end();
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The value of the environment variable NAME, as text that reads as data in the given context. */
    private static String expansion(String name, Quoting quoting) {
        return switch (quoting) {
            case NONE -> "\"${" + name + "}\"";
            case SINGLE -> "'\"${" + name + "}\"'";
            case DOUBLE -> "${" + name + "}";
        };
    }

    /** The text {@code $NAME} itself. */
    private static String literal(String name, Quoting quoting) {
        return quoting == Quoting.SINGLE ? "$" + name : "\\$" + name;
    }

    /** A reference to a declared input at a {@code $}; {@code escaped} for {@code $$NAME}. */
    private record Reference(String name, int end, boolean escaped) {

        static Reference at(String command, int dollar, Set<String> inputs) {
            boolean escaped = dollar + 1 < command.length() && command.charAt(dollar + 1) == '$';
            int start = escaped ? dollar + 2 : dollar + 1;
            if (start >= command.length()) {
                return null;
            }
            boolean braced = !escaped && command.charAt(start) == '{';
            int nameStart = braced ? start + 1 : start;
            int nameEnd = nameStart;
            while (nameEnd < command.length() && isNameChar(command.charAt(nameEnd), nameEnd == nameStart)) {
                nameEnd++;
            }
            if (nameEnd == nameStart) {
                return null;
            }
            String name = command.substring(nameStart, nameEnd);
            if (!inputs.contains(name)) {
                return null; // the shell's longest name is another variable: not ours
            }
            if (braced) {
                // Only the plain ${NAME}: ${NAME:-x}, ${#NAME} and the like stay the shell's.
                return nameEnd < command.length() && command.charAt(nameEnd) == '}'
                        ? new Reference(name, nameEnd + 1, false) : null;
            }
            return new Reference(name, nameEnd, escaped);
        }

        private static boolean isNameChar(char c, boolean first) {
            return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
        }
    }
}
