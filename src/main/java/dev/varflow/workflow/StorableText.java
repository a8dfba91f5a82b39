package dev.varflow.workflow;

/**
 * Which text can be stored and shown: PostgreSQL {@code text} cannot hold U+0000 (the gate would retry the same
 * batch forever) and a lone UTF-16 surrogate has no UTF-8 form, so both are refused wherever text enters. Names
 * (of workflows and tasks) must not hold control characters either: they end up in logs, terminals and URLs.
 */
public final class StorableText {

    /** What a NUL character becomes where text must be kept rather than refused (a process's output). */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /**
     * {@code text} with every NUL replaced by U+FFFD, for text Varflow must keep (what a process printed): the
     * output stays visible and marked instead of making every later record of its partition fail. Null stays null.
     */
    public static String clean(String text) {
        if (text == null || text.indexOf('\u0000') < 0) {
            return text;
        }
        return text.replace('\u0000', REPLACEMENT);
    }

    /** Why the text cannot be stored ({@code what} names it in the message), or null when it can. */
    public static String problem(String what, String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return what + " contains a NUL character (U+0000) at position " + i + ", which cannot be stored";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return what + " contains an unpaired surrogate (U+" + String.format("%04X", (int) c)
                        + ") at position " + i + ", which is not valid Unicode text";
            }
        }
        return null;
    }

    /** Like {@link #problem}, and also refuses control characters (C0, DEL, C1), as names must. */
    public static String nameProblem(String what, String text) {
        String unstorable = problem(what, text);
        if (unstorable != null || text == null) {
            return unstorable;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return what + " contains the control character U+" + String.format("%04X", (int) text.charAt(i))
                        + " at position " + i;
            }
        }
        return null;
    }
}
