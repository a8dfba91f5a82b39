package dev.varflow.workflow;

import java.util.function.Function;

/**
 * The run-time limits the loader holds literal values to, so a file that validates cannot fail them when it runs.
 *
 * @param maxVariableBytes largest variable value in UTF-8 bytes ({@code varflow.max-variable-bytes}); applies to
 *     {@code env:} values
 * @param maxFanoutWidth most items of one fan-out ({@code varflow.max-fanout-width}); applies to literal
 *     {@code foreach:} lists and bounds {@code concurrency}
 * @param strict false only when re-reading a stored version: the bounds and name rules then warn instead of
 *     failing, since that version may predate them and runs of it may be in flight
 */
public record WorkflowLimits(int maxVariableBytes, int maxFanoutWidth, boolean strict) {

    /** The defaults of {@code varflow.max-variable-bytes} and {@code varflow.max-fanout-width}. */
    public static final WorkflowLimits DEFAULT = new WorkflowLimits(65536, 1000, true);
    /** For versions already registered. */
    public static final WorkflowLimits STORED = new WorkflowLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, false);

    public WorkflowLimits {
        if (maxVariableBytes < 1 || maxFanoutWidth < 1) {
            throw new IllegalArgumentException("Expected limits of at least 1, but got " + maxVariableBytes + " bytes, "
                    + maxFanoutWidth + " items");
        }
    }

    /** The limits of a server with the given settings. */
    public static WorkflowLimits of(int maxVariableBytes, int maxFanoutWidth) {
        return new WorkflowLimits(maxVariableBytes, maxFanoutWidth, true);
    }

    /**
     * The limits as the CLI finds them: {@code VARFLOW_MAX_VARIABLE_BYTES} and {@code VARFLOW_MAX_FANOUT_WIDTH}
     * when set (the environment names of the server's settings), else the defaults.
     */
    public static WorkflowLimits fromEnvironment(Function<String, String> env) {
        return of(positive(env.apply("VARFLOW_MAX_VARIABLE_BYTES"), DEFAULT.maxVariableBytes),
                positive(env.apply("VARFLOW_MAX_FANOUT_WIDTH"), DEFAULT.maxFanoutWidth));
    }

    private static int positive(String text, int fallback) {
        try {
            int value = text == null ? fallback : Integer.parseInt(text.strip());
            return value > 0 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
