package io.contmig.inject.influx;

import io.contmig.servers.influx.InfluxClient;

import java.util.Locale;

/**
 * Quoting for InfluxQL statements built from names that come from data (measurement, tag and field keys) or from
 * a validated tenant. Stateless.
 */
final class InfluxQl {

    private InfluxQl() {
    }

    /** {@code "name"} with backslashes and double quotes escaped, safe as a database, measurement or key name. */
    static String identifier(String name) {
        return InfluxClient.identifier(name);
    }

    /** {@code 'value'} with backslashes and single quotes escaped, safe as a string literal (e.g. a tag value). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A time condition {@code time >= a AND time < b}, bounds in epoch nanoseconds. */
    static String timeRange(long fromNanos, long toNanos) {
        return String.format(Locale.ROOT, "time >= %d AND time < %d", fromNanos, toNanos);
    }
}
