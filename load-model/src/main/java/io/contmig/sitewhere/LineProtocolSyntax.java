package io.contmig.sitewhere;

import java.util.Locale;
import java.util.Optional;

/**
 * The one place that writes InfluxDB 1.x line-protocol tokens: measurement names, tag keys and values, field keys,
 * string/float field values and timestamps. Every writer of points (the pipeline, the REST API, the range copy)
 * goes through it, so a line is either valid or refused here — never sent to come back as a 400 that a retrying
 * writer could repeat forever.
 *
 * <p>The rules follow what InfluxDB 1.6 does (checked against the server): in names, tag keys/values and field
 * keys, {@code ,}, {@code =} and space are escaped with a backslash; a backslash itself has no escape there (it is
 * stored literally), and InfluxDB 1.x scans tags and field keys differently around one, so a backslash that is last
 * or precedes one of those characters is refused, as is any control character (a newline ends the line; the others
 * are refused by choice). String field values escape {@code \} and
 * {@code "}; a newline inside the quotes is valid. Floats must be finite; timestamps must lie in InfluxDB's range
 * ({@value #MIN_NANOS} to {@value #MAX_NANOS} ns since the epoch, 1677-09-21 to 2262-04-11).
 *
 * <p>Stateless and thread-safe. Every refusal is an {@link IllegalArgumentException} naming the value and why.
 */
public final class LineProtocolSyntax {

    /** The earliest timestamp InfluxDB 1.x stores, in nanoseconds since the epoch. */
    public static final long MIN_NANOS = -9_223_372_036_854_775_806L;
    /** The latest timestamp InfluxDB 1.x stores, in nanoseconds since the epoch. */
    public static final long MAX_NANOS = 9_223_372_036_854_775_806L;
    /** The earliest whole millisecond InfluxDB 1.x stores. */
    public static final long MIN_MILLIS = -9_223_372_036_854L;
    /** The latest whole millisecond InfluxDB 1.x stores. */
    public static final long MAX_MILLIS = 9_223_372_036_854L;

    private LineProtocolSyntax() {
    }

    /** A measurement name, escaped ({@code ,} and space). */
    public static String measurement(String name) {
        refuseIfUnwritable("measurement", name);
        return name.replace(",", "\\,").replace(" ", "\\ ");
    }

    /** A tag key, tag value or field key, escaped ({@code ,}, {@code =} and space). */
    public static String key(String text) {
        refuseIfUnwritable("tag or field key", text);
        return text.replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }

    /**
     * Why {@code text} cannot be a measurement name, tag key, tag value or field key, or empty when it can. Lets a
     * decoder refuse the input with the same rule the writer applies.
     */
    public static Optional<String> keyProblem(String text) {
        if (text.isEmpty()) {
            return Optional.of("is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format(Locale.ROOT, "holds the control character U+%04X", (int) c));
            }
            if (c == '\\') {
                if (i == text.length() - 1) {
                    return Optional.of("ends with a backslash");
                }
                char next = text.charAt(i + 1);
                if (next == ',' || next == '=' || next == ' ') {
                    return Optional.of("holds a backslash before '" + next + "'");
                }
            }
        }
        return Optional.empty();
    }

    /** A string field value, quoted, with {@code \} and {@code "} escaped. */
    public static String stringField(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * A float field value: whole numbers below 1e15 without exponent (and without {@code i}, which would make an
     * integer), others as {@link Double#toString}, which InfluxDB parses back to the same double.
     */
    public static String floatField(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("float field (" + value + ") is not finite: InfluxDB cannot store it");
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** An integer field value ({@code <n>i}). */
    public static String integerField(long value) {
        return value + "i";
    }

    /** Nanoseconds since the epoch of {@code millis}, refused outside InfluxDB's time range. */
    public static long nanosOfMillis(long millis) {
        if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("time (" + millis + " ms since the epoch) is outside InfluxDB's range "
                    + MIN_MILLIS + " to " + MAX_MILLIS + " ms");
        }
        return millis * 1_000_000L;
    }

    /** {@code millis}, refused outside InfluxDB's time range (a timestamp written with precision {@code ms}). */
    public static long millis(long millis) {
        nanosOfMillis(millis);
        return millis;
    }

    private static void refuseIfUnwritable(String what, String text) {
        keyProblem(text).ifPresent(problem -> {
            throw new IllegalArgumentException(what + " (" + printable(text) + ") " + problem
                    + ": it cannot be written as InfluxDB line protocol");
        });
    }

    /** {@code text} with control characters shown as {@code \\uXXXX}, for messages. */
    public static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                s.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                s.append((char) c);
            }
        });
        return s.toString();
    }
}
