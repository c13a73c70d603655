package io.contmig.servers.influx;

import java.io.IOException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code /write} the server did not accept whole: refused (nothing stored) or, for a {@linkplain #partial()
 * partial write}, stored except for the points it dropped (InfluxDB 1.x answers 400 {@code "partial write: ...
 * dropped=N"} for a field type conflict or points outside the retention policy). The writer records it as an error
 * of its batch; whether to retry is its decision (retrying a partial write stores the accepted points again, which
 * InfluxDB deduplicates by series and timestamp).
 */
public final class InfluxWriteException extends IOException {

    private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");

    private final int status;
    private final int points;
    private final boolean partial;
    private final OptionalLong dropped;

    private InfluxWriteException(String message, int status, int points, boolean partial, OptionalLong dropped) {
        super(message);
        this.status = status;
        this.points = points;
        this.partial = partial;
        this.dropped = dropped;
    }

    static InfluxWriteException of(String baseUrl, String database, int points, int status, String body) {
        String text = body == null ? "" : body.trim();
        boolean partial = text.contains("partial write");
        Matcher m = DROPPED.matcher(text);
        OptionalLong dropped = m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        String message = String.format(Locale.ROOT, "influxdb %s: %s of %d point(s) to %s answered %d: %s",
                baseUrl, partial ? "partial write" : "write", points, database, status, text);
        return new InfluxWriteException(message, status, points, partial, dropped);
    }

    /** The HTTP status the server answered. */
    public int status() {
        return status;
    }

    /** How many points the batch held. */
    public int points() {
        return points;
    }

    /** Whether the server stored part of the batch (and dropped the rest). */
    public boolean partial() {
        return partial;
    }

    /** How many points the server says it dropped, when it says. */
    public OptionalLong dropped() {
        return dropped;
    }
}
