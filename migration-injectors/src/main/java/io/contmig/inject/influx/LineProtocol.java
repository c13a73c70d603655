package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.sitewhere.LineProtocolSyntax;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns rows of an InfluxQL answer ({@code SELECT *}, epoch-nanosecond times) back into line protocol, keeping each
 * value's type: strings quoted, floats as they are, integers with {@code i}, booleans as {@code true/false}.
 * Tokens are written by {@link LineProtocolSyntax}. Stateless and thread-safe.
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
        String measurement = LineProtocolSyntax.measurement(series.path("name").asText(schema.measurement()));
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
                        tags.put(LineProtocolSyntax.key(column), LineProtocolSyntax.key(value.asText()));
                    }
                } else {
                    if (fields.length() > 0) {
                        fields.append(',');
                    }
                    fields.append(LineProtocolSyntax.key(column)).append('=')
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
            case "integer" -> LineProtocolSyntax.integerField(value.asLong());
            case "float" -> LineProtocolSyntax.floatField(value.asDouble());
            case "boolean" -> Boolean.toString(value.asBoolean());
            default -> LineProtocolSyntax.stringField(value.asText());
        };
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
}
