package dev.varflow.plugins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects {@code NAME=value} lines of a process's stdout as outputs; the last value of a name wins. */
final class OutputLineParser {

    static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

    // Outputs are parsed from the whole stream, not the kept tail, so both limits guard memory against
    // processes printing huge lines or endless distinct names.
    static final int MAX_LINE_BYTES = 1024 * 1024;
    private static final long MAX_TOTAL_CHARS = 4 * 1024 * 1024;
    private static final Pattern NAME_PREFIX = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=.*", Pattern.DOTALL);

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final java.util.Set<String> oversized = new java.util.LinkedHashSet<>();
    private boolean overlong;
    private long totalChars;

    synchronized void accept(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                endLine();
            } else if (!overlong) {
                if (line.size() >= MAX_LINE_BYTES) {
                    overlong = true;
                    // An output too long to keep must fail the task, not vanish.
                    Matcher name = NAME_PREFIX.matcher(line.toString(StandardCharsets.UTF_8));
                    if (name.matches()) {
                        oversized.add(name.group(1));
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
    }

    /** Parses a last line that had no newline. */
    synchronized void finish() {
        if (line.size() > 0 || overlong) {
            endLine();
        }
    }

    /** Names of outputs whose line was longer than {@link #MAX_LINE_BYTES} (or beyond the total cap). */
    synchronized java.util.Set<String> oversized() {
        return new java.util.LinkedHashSet<>(oversized);
    }

    synchronized Map<String, String> outputs() {
        return new LinkedHashMap<>(outputs);
    }

    private void endLine() {
        if (!overlong) {
            String text = line.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            Matcher matcher = ASSIGNMENT.matcher(text);
            if (matcher.matches()) {
                put(matcher.group(1), matcher.group(2));
            }
        }
        line.reset();
        overlong = false;
    }

    private void put(String name, String value) {
        String previous = outputs.get(name);
        long size = previous == null
                ? totalChars + name.length() + value.length()
                : totalChars - previous.length() + value.length();
        if (size <= MAX_TOTAL_CHARS) {
            outputs.put(name, value);
            totalChars = size;
        } else {
            oversized.add(name);
        }
    }
}
