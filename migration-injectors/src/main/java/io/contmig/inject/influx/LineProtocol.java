package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Turns rows of an InfluxQL answer ({@code SELECT *}, epoch-nanosecond times) back into line protocol, keeping each
 * value's type: strings quoted, floats as they are, integers with {@code i}, booleans as {@code true/false}.
 * Stateless and thread-safe.
 */
final class LineProtocol {

    private LineProtocol() {
    }

    /**
     * The lines for one series of an answer ({@code {"name","columns","values"}}); a column is a tag when
     * {@code schema} says so, a field otherwise. Rows whose fields are all null (impossible in InfluxDB, but cheap to
     * refuse) are skipped. Timestamps are written in {@code precision} ({@code ns} or {@code ms}).
     */
    static List<String> lines(JsonNode series, MeasurementSchema schema, String precision) {
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(c -> columns.add(c.asText()));
        String measurement = escapeMeasurement(series.path("name").asText(schema.measurement()));
        List<String> lines = new ArrayList<>();
        for (JsonNode row : series.path("values")) {
            TreeMap<String, String> tags = new TreeMap<>(); // sorted tag keys: InfluxDB's preferred order
            StringBuilder fields = new StringBuilder();
            long time = 0;
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get(i);
                JsonNode value = row.path(i);
                if (column.equals("time")) {
                    time = value.asLong();
                    continue;
                }
                if (value.isNull() || value.isMissingNode()) {
                    continue;
                }
                if (schema.tagKeys().contains(column)) {
                    if (!value.asText().isEmpty()) {
                        tags.put(escapeKey(column), escapeKey(value.asText()));
                    }
                } else {
                    if (fields.length() > 0) {
                        fields.append(',');
                    }
                    fields.append(escapeKey(column)).append('=')
                            .append(fieldValue(value, schema.fieldTypes().getOrDefault(column, guessType(value))));
                }
            }
            if (fields.length() == 0) {
                continue;
            }
            StringBuilder line = new StringBuilder(measurement);
            tags.forEach((k, v) -> line.append(',').append(k).append('=').append(v));
            line.append(' ').append(fields).append(' ')
                    .append(precision.equals("ms") ? Math.floorDiv(time, 1_000_000L) : time);
            lines.add(line.toString());
        }
        return lines;
    }

    static String fieldValue(JsonNode value, String type) {
        return switch (type) {
            case "integer" -> value.asLong() + "i";
            case "float" -> formatFloat(value.asDouble());
            case "boolean" -> Boolean.toString(value.asBoolean());
            default -> "\"" + value.asText().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        };
    }

    private static String formatFloat(double v) {
        // Whole numbers keep no exponent and stay floats (no 'i'); others round-trip exactly through toString.
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Double.toString(v);
    }

    private static String guessType(JsonNode value) {
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "float";
        }
        return value.isBoolean() ? "boolean" : "string";
    }

    static String escapeMeasurement(String name) {
        // Backslashes are literal in names and tag values (1.x unescapes only ',', '=' and ' ').
        return name.replace(",", "\\,").replace(" ", "\\ ");
    }

    static String escapeKey(String key) {
        return key.replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }
}
