package io.contmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.plan.PlanDocument;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How windows are cut around each injection: {@code before} = {@code baseline} ending at the
 * injection's start, {@code after} = {@code after} starting {@code settle} after its end. Immutable.
 *
 * @param baseline length of the before window (cut short so it does not overlap an earlier injection)
 * @param settle   gap between an injection's end and its after window; also how far downtime is tracked after the end
 * @param after    length of the after window
 */
public record ReportPolicy(Duration baseline, Duration settle, Duration after) {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    public ReportPolicy {
        requireNonNegative("baseline", baseline);
        requireNonNegative("settle", settle);
        requireNonNegative("after", after);
    }

    private static void requireNonNegative(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " (" + d + ") must be >= 0");
        }
    }

    /** The documented defaults: baseline 20 s, settle 5 s, after 20 s. */
    public static ReportPolicy defaults() {
        return new ReportPolicy(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    /**
     * The policy of a resolved plan's {@code windows} object; absent fields (or a plan of {@code {}}) take the
     * defaults. Durations may be numbers (milliseconds), strings such as {@code 500ms}, {@code 20s}, {@code 1m}, or
     * ISO-8601 ({@code PT20S}).
     *
     * @throws IllegalArgumentException naming {@code windows.<field>} and the value when a duration is malformed
     */
    public static ReportPolicy fromPlan(JsonNode plan) {
        return fromPlan(PlanDocument.read(plan));
    }

    /** The policy of a plan document's {@code windows}; see {@link #fromPlan(JsonNode)}. */
    public static ReportPolicy fromPlan(PlanDocument plan) {
        ReportPolicy d = defaults();
        PlanDocument.Windows w = plan.windows();
        if (w == null) {
            return d;
        }
        return new ReportPolicy(duration("baseline", w.baseline(), d.baseline()),
                duration("settle", w.settle(), d.settle()), duration("after", w.after(), d.after()));
    }

    private static Duration duration(String field, String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        String text = value.trim();
        if (text.startsWith("PT") || text.startsWith("pt")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("windows." + field + ": '" + text + "' is not a duration");
            }
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("windows." + field + ": '" + text
                    + "' is not a duration (expected e.g. 500ms, 20s, 1m, 1h or milliseconds)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double millis = switch (unit) {
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    double baselineMs() {
        return baseline.toNanos() / 1e6;
    }

    double settleMs() {
        return settle.toNanos() / 1e6;
    }

    double afterMs() {
        return after.toNanos() / 1e6;
    }
}
