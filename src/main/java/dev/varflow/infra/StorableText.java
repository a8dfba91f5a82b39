package dev.varflow.infra;

/**
 * Makes text storable in PostgreSQL, whose {@code text} cannot hold the NUL character: each NUL becomes U+FFFD
 * (the replacement character), so output of a process that printed a NUL byte is kept, visibly marked, instead of
 * making every later record of its partition fail.
 */
public final class StorableText {

    /** What a NUL character becomes. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** {@code text} with every NUL replaced; null stays null, and text without NUL is returned as it is. */
    public static String clean(String text) {
        if (text == null || text.indexOf('\u0000') < 0) {
            return text;
        }
        return text.replace('\u0000', REPLACEMENT);
    }
}
