package io.contmig.load.iotlab;

/**
 * One line of {@code serial_aggregator} output, classified. The aggregator prints {@code <epoch s>;<node>;<line>}
 * for device output and two-field lines for its own messages.
 */
public sealed interface AggregatorLine permits AggregatorLine.Data, AggregatorLine.Control, AggregatorLine.Malformed {

    /**
     * A device's line.
     *
     * @param frontendEpochSeconds when the frontend split the line out (not device time)
     * @param node                 the short node id, e.g. {@code m3-7}
     * @param payload              the device's text (may contain {@code ;}), trailing {@code \r} removed
     */
    record Data(double frontendEpochSeconds, String node, String payload) implements AggregatorLine { }

    /** An aggregator message such as {@code 1578319670.958905;Aggregator started}. */
    record Control(String text) implements AggregatorLine { }

    /** Not in the aggregator's format; {@code reason} says why. */
    record Malformed(String reason) implements AggregatorLine { }

    /** Classifies {@code line} (without its newline). Never throws. */
    static AggregatorLine parse(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        String[] fields = text.split(";", 3);
        if (fields.length < 2) {
            return new Malformed("expected <timestamp>;<node>;<line>, found no ';'");
        }
        double seconds;
        try {
            seconds = Double.parseDouble(fields[0]);
        } catch (NumberFormatException e) {
            return new Malformed("timestamp '" + fields[0] + "' is not a number");
        }
        if (!(seconds > 0) || Double.isInfinite(seconds) || !fields[0].matches("\\d+(\\.\\d+)?")) {
            return new Malformed("timestamp '" + fields[0] + "' is not epoch seconds");
        }
        if (fields.length == 2) {
            return new Control(fields[1]);
        }
        if (!fields[1].matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            return new Malformed("node '" + fields[1] + "' is not a node id");
        }
        return new Data(seconds, fields[1], fields[2]);
    }
}
