package io.contmig.inject.influx;

import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.LineProtocolSyntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the rows of a streamed InfluxQL answer ({@code SELECT * ... GROUP BY *}, epoch-nanosecond times; see
 * {@link InfluxClient#streamRows}) back into line protocol, in request bodies of at most {@code batchSize} lines
 * handed to a {@link BatchSink}. Each value keeps its type: strings quoted, floats as they are, integers with
 * {@code i}, booleans as {@code true/false} — the type {@code schema} gives the column, else the JSON value's own.
 * A series' tags (from {@code GROUP BY *}) and a column {@code schema} calls a tag both become tags, sorted by key
 * (InfluxDB's preferred order); empty tag values are left out. Rows whose fields are all null (impossible in
 * InfluxDB, but cheap to refuse) are skipped. Tokens are written by {@link LineProtocolSyntax}.
 *
 * <p>Why per series and into one buffer: the measurement, tag set and field keys are escaped once per series part,
 * not per row, and lines go straight into the request body — building a string per line and joining them cost as
 * much as reading the answer. One instance per reading thread; not thread-safe. Call {@link #finish()} after the
 * answer to hand over the last, partial batch.
 */
final class LineProtocol implements InfluxClient.RowSink {

    /** One request body: {@code points} newline-terminated lines, UTF-8. */
    record Batch(byte[] body, int points) {
    }

    /** Receives full batches; may block (a bounded queue), and throws what ends the read. */
    @FunctionalInterface
    interface BatchSink {
        void accept(Batch batch) throws IOException;
    }

    private final MeasurementSchema schema;
    private final boolean millis;
    private final int batchSize;
    private final BatchSink out;
    private final StringBuilder body = new StringBuilder(1 << 16);
    private int lines;

    // The current series part: its line prefix (when no column is a tag), time column and field columns.
    private Map<String, String> seriesTags = Map.of();
    private String measurement = "";
    private String prefix = "";
    private int timeColumn = -1;
    private int[] tagColumns = new int[0];
    private String[] tagKeys = new String[0];
    private int[] fieldColumns = new int[0];
    private String[] fieldKeys = new String[0];
    private String[] fieldTypes = new String[0];

    /** Timestamps are written in {@code precision} ({@code ns} or {@code ms}, which truncates). */
    LineProtocol(MeasurementSchema schema, String precision, int batchSize, BatchSink out) {
        this.schema = schema;
        this.millis = precision.equals("ms");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
        }
        this.batchSize = batchSize;
        this.out = out;
    }

    @Override
    public void series(String name, Map<String, String> tags, List<String> columns) {
        measurement = LineProtocolSyntax.measurement(name.isEmpty() ? schema.measurement() : name);
        seriesTags = tags;
        timeColumn = -1;
        List<Integer> tagIdx = new ArrayList<>();
        List<Integer> fieldIdx = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            if (c.equals("time")) {
                timeColumn = i;
            } else if (schema.tagKeys().contains(c) && !tags.containsKey(c)) {
                tagIdx.add(i);
            } else {
                fieldIdx.add(i);
            }
        }
        tagColumns = tagIdx.stream().mapToInt(Integer::intValue).toArray();
        tagKeys = tagIdx.stream().map(i -> LineProtocolSyntax.key(columns.get(i))).toArray(String[]::new);
        fieldColumns = fieldIdx.stream().mapToInt(Integer::intValue).toArray();
        fieldKeys = fieldIdx.stream().map(i -> LineProtocolSyntax.key(columns.get(i)) + "=").toArray(String[]::new);
        fieldTypes = fieldIdx.stream().map(i -> schema.fieldTypes().get(columns.get(i))).toArray(String[]::new);
        prefix = tagColumns.length == 0 ? prefix(new TreeMap<>()) : null;
    }

    @Override
    public void row(Object[] values) throws IOException {
        int start = body.length();
        if (prefix != null) {
            body.append(prefix);
        } else {
            TreeMap<String, String> rowTags = new TreeMap<>();
            for (int i = 0; i < tagColumns.length; i++) {
                Object v = values[tagColumns[i]];
                if (v != null && !v.toString().isEmpty()) {
                    rowTags.put(tagKeys[i], LineProtocolSyntax.key(v.toString()));
                }
            }
            body.append(prefix(rowTags));
        }
        body.append(' ');
        boolean any = false;
        for (int i = 0; i < fieldColumns.length; i++) {
            Object v = values[fieldColumns[i]];
            if (v == null) {
                continue;
            }
            if (any) {
                body.append(',');
            }
            any = true;
            body.append(fieldKeys[i]);
            appendValue(v, fieldTypes[i]);
        }
        if (!any) {
            body.setLength(start);
            return;
        }
        long time = timeColumn < 0 ? 0 : ((Number) values[timeColumn]).longValue();
        body.append(' ').append(millis ? Math.floorDiv(time, 1_000_000L) : time).append('\n');
        if (++lines >= batchSize) {
            finish();
        }
    }

    /** Hands the lines not yet handed over to the sink as one batch (nothing when there are none). */
    void finish() throws IOException {
        if (lines == 0) {
            return;
        }
        Batch batch = new Batch(body.toString().getBytes(StandardCharsets.UTF_8), lines);
        body.setLength(0);
        lines = 0;
        out.accept(batch);
    }

    /** The measurement and the sorted, escaped tags of the series plus {@code columnTags} (escaped already). */
    private String prefix(TreeMap<String, String> columnTags) {
        seriesTags.forEach((k, v) -> {
            if (!v.isEmpty()) {
                columnTags.put(LineProtocolSyntax.key(k), LineProtocolSyntax.key(v));
            }
        });
        StringBuilder p = new StringBuilder(measurement);
        columnTags.forEach((k, v) -> p.append(',').append(k).append('=').append(v));
        return p.toString();
    }

    private void appendValue(Object v, String declared) {
        String type = declared != null ? declared : v instanceof Long ? "integer" : v instanceof Double ? "float"
                : v instanceof Boolean ? "boolean" : "string";
        switch (type) {
            case "integer" -> body.append(LineProtocolSyntax.integerField(
                    v instanceof Number n ? n.longValue() : Long.parseLong(v.toString())));
            case "float" -> body.append(LineProtocolSyntax.floatField(
                    v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString())));
            case "boolean" -> body.append(v instanceof Boolean b ? b.booleanValue() : Boolean.parseBoolean(v.toString()));
            default -> body.append(LineProtocolSyntax.stringField(v.toString()));
        }
    }
}
