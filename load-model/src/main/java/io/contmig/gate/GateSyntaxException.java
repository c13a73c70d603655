package io.contmig.gate;

/**
 * A gate expression that does not parse. The message names the 0-based position in the expression, what was
 * expected there and what was found, e.g. {@code at position 14: expected a window (before, during, after or a
 * phase name) but found ')' in "p99(mqtt.e2e, )"}.
 *
 * <p>Unchecked: callers validating a plan collect the message with the gate's path.
 */
public final class GateSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String expected;

    GateSyntaxException(String expression, int position, String expected, String found) {
        super("at position " + position + ": expected " + expected + " but found " + found + " in \"" + expression + "\"");
        this.position = position;
        this.expected = expected;
    }

    /** 0-based position (column) in the expression where parsing stopped. */
    public int position() {
        return position;
    }

    /** What the parser expected at {@link #position()}. */
    public String expected() {
        return expected;
    }
}
