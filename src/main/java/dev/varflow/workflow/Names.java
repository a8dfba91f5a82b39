package dev.varflow.workflow;

import java.util.regex.Pattern;

/**
 * The one name grammar of workflow files. A workflow or task name is 1 to {@value #MAX_LENGTH} characters of ASCII
 * letters, digits, {@code _}, {@code -} and {@code .}, starting with a letter, digit or {@code _}, without
 * {@code ..}: names end up in URLs, file names, logs and terminals, and {@code #} is kept for fan-out item rows
 * ({@code TASK#0}). A workflow name may also hold single spaces between words, because the seed document's
 * own example is named {@code Disk Monitoring Workflow}; task names may not. A variable name is the stricter subset {@link VariableNames} checks (letters, digits and
 * {@code _}, not starting with a digit), since it becomes an environment variable.
 */
public final class Names {

    /** Longest workflow, task or variable name. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern WORDS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*( [A-Za-z0-9_.-]+)*");

    private Names() {
    }

    /** Why {@code name} is no task name, or null when it is one. */
    public static String problem(String what, String name) {
        return problem(what, name, false);
    }

    /** Why {@code name} is no workflow name, or null when it is one. */
    public static String workflowProblem(String name) {
        return problem("workflow name", name, true);
    }

    private static String problem(String what, String name, boolean wordsAllowed) {
        String quoted = "'" + VariableNames.printable(name) + "'";
        if (name.length() > MAX_LENGTH) {
            return what + " is " + name.length() + " characters long, more than the limit of " + MAX_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return what + " " + quoted + " contains the control character U+" + String.format("%04X", (int) c)
                        + " at position " + i;
            }
            boolean singleSpace = wordsAllowed && c == ' ' && i > 0 && i < name.length() - 1
                    && name.charAt(i - 1) != ' ';
            if (!singleSpace && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                return what + " " + quoted + " contains whitespace at position " + i;
            }
            if (c == '/' || c == '\\') {
                return what + " " + quoted + " contains the path separator '" + c + "'";
            }
            if (c == '#') {
                return what + " " + quoted + " contains '#', which marks fan-out item rows (TASK#0)";
            }
        }
        if (name.contains("..")) {
            return what + " " + quoted + " contains '..'";
        }
        if (!(wordsAllowed ? WORDS : NAME).matcher(name).matches()) {
            return what + " " + quoted + " must start with a letter, digit or _ and hold only ASCII letters, digits, "
                    + "_, - and .";
        }
        return null;
    }

    /** The hint every name problem gets. */
    static String hint() {
        return "names are letters, digits, _, - and . (up to " + MAX_LENGTH + " characters), e.g. disk-monitor or "
                + "COUNT_LINES";
    }
}
