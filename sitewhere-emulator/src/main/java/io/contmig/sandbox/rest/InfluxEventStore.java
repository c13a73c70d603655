package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.sandbox.devices.Page;
import io.contmig.sandbox.devices.Paging;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.LineProtocolSyntax;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static io.contmig.sitewhere.SiteWhereNames.FIELD_ALTERNATE_ID;
import static io.contmig.sitewhere.SiteWhereNames.FIELD_EVENT_ID;
import static io.contmig.sitewhere.SiteWhereNames.FIELD_META_PREFIX;
import static io.contmig.sitewhere.SiteWhereNames.FIELD_MX_NAME;
import static io.contmig.sitewhere.SiteWhereNames.FIELD_MX_VALUE;
import static io.contmig.sitewhere.SiteWhereNames.FIELD_RECEIVED_DATE;
import static io.contmig.sitewhere.SiteWhereNames.MEASUREMENT;
import static io.contmig.sitewhere.SiteWhereNames.TAG_ASSIGNMENT;
import static io.contmig.sitewhere.SiteWhereNames.TAG_DEVICE;
import static io.contmig.sitewhere.SiteWhereNames.TAG_TYPE;

/**
 * SiteWhere 3.0's InfluxDB event layout over InfluxDB 1.x's HTTP API ({@code /write}, {@code /query}): one point
 * per event in measurement {@code events} of database {@code tenant_<tenant>}, with SiteWhere's tags ({@code type},
 * {@code device}, {@code assignment}, {@code customer}, {@code area}, {@code asset}, alerts' {@code alert},
 * {@code source}, {@code level}, and assignment metadata {@code INFLUX_TAG_<x>} as tag {@code <x>}) and fields
 * ({@code eid}, {@code altid}, {@code rcvdate}, {@code meta:<key>}, {@code mxname}, {@code mxvalue},
 * {@code latitude}, {@code longitude}, {@code elevation}, {@code message}); and SiteWhere's listing query
 * ({@code InfluxDbDeviceEvent.queryEventsOfTypeForIndex}) with its count query.
 *
 * <p>Thread-safe (over {@link InfluxClient}). Writes are synchronous (SiteWhere batches for up to 100 ms; the
 * sandbox answers a REST create only once its point is stored). An HTTP error or an InfluxDB error message is
 * thrown as {@link IOException} naming the server and the database.
 */
public final class InfluxEventStore {

    /** {@code rcvdate}'s format: Joda's {@code ISODateTimeFormat.dateTime()}, printed in UTC. */
    static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads of a page before a row missing its event's identity is reported (see {@link #list}). */
    private static final int PARTIAL_READ_ATTEMPTS = 3;
    private static final String TAG_PREFIX = "INFLUX_TAG_";

    private final Duration timeout;

    /** A store whose HTTP calls time out after {@code timeout}. */
    public InfluxEventStore(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Writes {@code event} to {@code database} of the InfluxDB at {@code influxUrl}; {@code assignmentMetadata}
     * supplies the {@code INFLUX_TAG_*} tags.
     */
    public void write(String influxUrl, String database, StoredEvent event, Map<String, String> assignmentMetadata)
            throws IOException {
        new InfluxClient(influxUrl, timeout).write(database, List.of(lineProtocol(event, assignmentMetadata)), "ms");
    }

    /**
     * One page of the events of {@code kind} of assignment {@code assignmentId}, newest first, within the optional
     * dates (inclusive), with the number of all matches.
     */
    public Page<StoredEvent> list(String influxUrl, String database, EventKind kind, UUID assignmentId,
                                  Optional<Instant> startDate, Optional<Instant> endDate, Paging paging)
            throws IOException {
        String where = " where " + TAG_TYPE + "='" + kind.typeName() + "' and (" + TAG_ASSIGNMENT + "='" + assignmentId + "')"
                + startDate.map(d -> " and time >= '" + ISO_MILLIS.format(d) + "'").orElse("")
                + endDate.map(d -> " and time <= '" + ISO_MILLIS.format(d) + "'").orElse("");
        InfluxClient influx = new InfluxClient(influxUrl, timeout);
        // Times as epoch milliseconds: parse() reads the event date from them.
        String select = "SELECT * FROM " + MEASUREMENT + where + " ORDER BY time DESC  LIMIT " + paging.pageSize()
                + " OFFSET " + paging.offset();
        List<StoredEvent> events = readPage(() -> influx.query(database, select, "ms"));
        JsonNode counted = influx.query(database, "SELECT count(" + FIELD_EVENT_ID + ") FROM " + MEASUREMENT + where,
                "ms");
        long count = 0;
        for (Map<String, JsonNode> row : rows(counted)) {
            count = row.getOrDefault("count", JSON.getNodeFactory().numberNode(0)).asLong();
        }
        return new Page<>(count, events);
    }

    /** One InfluxDB query, asked again by {@link #readPage}. */
    @FunctionalInterface
    interface Query {
        JsonNode ask() throws IOException;
    }

    /**
     * The events of the page {@code query} answers. InfluxDB 1.x adds a point to its cache field by field (each field
     * is a series of its own), so a query racing the write of a point can see some of its fields only (seen in the
     * default study: a measurement with its tags and {@code rcvdate} but no {@code eid}); such a page is read again,
     * at most {@value #PARTIAL_READ_ATTEMPTS} times in all, then the row's {@link IOException} is thrown.
     */
    static List<StoredEvent> readPage(Query query) throws IOException {
        for (int attempt = 1; ; attempt++) {
            JsonNode body = query.ask();
            try {
                List<StoredEvent> events = new ArrayList<>();
                for (Map<String, JsonNode> row : rows(body)) {
                    events.add(parse(row));
                }
                return events;
            } catch (IOException partial) {
                if (attempt == PARTIAL_READ_ATTEMPTS) {
                    throw partial;
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // the racing write ends within microseconds
            }
        }
    }

    /**
     * The InfluxDB line for {@code event}, as SiteWhere's writer builds it; throws {@link IllegalArgumentException}
     * when a value cannot be written as a valid line (see {@link LineProtocolSyntax}).
     */
    static String lineProtocol(StoredEvent event, Map<String, String> assignmentMetadata) {
        StringBuilder line = new StringBuilder(LineProtocolSyntax.measurement(MEASUREMENT));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_TYPE, event.kind().typeName());
        tags.put(TAG_DEVICE, event.deviceId().toString());
        tags.put(TAG_ASSIGNMENT, event.assignmentId().toString());
        putIfSet(tags, "customer", event.customerId());
        putIfSet(tags, "area", event.areaId());
        putIfSet(tags, "asset", event.assetId());
        if (event.kind() == EventKind.ALERT) {
            putIfSet(tags, "alert", event.values().get("type"));
            putIfSet(tags, "source", event.values().get("source"));
            putIfSet(tags, "level", event.values().get("level"));
        }
        for (Map.Entry<String, String> entry : assignmentMetadata.entrySet()) {
            if (entry.getKey().startsWith(TAG_PREFIX) && entry.getValue() != null) {
                tags.put(entry.getKey().substring(TAG_PREFIX.length()), entry.getValue());
            }
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!tag.getValue().isEmpty()) {
                line.append(',').append(LineProtocolSyntax.key(tag.getKey())).append('=')
                        .append(LineProtocolSyntax.key(tag.getValue()));
            }
        }
        List<String> fields = new ArrayList<>();
        fields.add(FIELD_EVENT_ID + "=" + quote(event.id().toString()));
        if (event.alternateId() != null) {
            fields.add(FIELD_ALTERNATE_ID + "=" + quote(event.alternateId()));
        }
        fields.add(FIELD_RECEIVED_DATE + "=" + quote(ISO_MILLIS.format(event.receivedDate())));
        for (Map.Entry<String, String> meta : event.metadata().entrySet()) {
            if (meta.getValue() != null) {
                fields.add(LineProtocolSyntax.key(FIELD_META_PREFIX + meta.getKey()) + "=" + quote(meta.getValue()));
            }
        }
        switch (event.kind()) {
            case MEASUREMENT -> {
                fields.add(FIELD_MX_NAME + "=" + quote(String.valueOf(event.values().get("name"))));
                fields.add(FIELD_MX_VALUE + "=" + number(event.values().get("value")));
            }
            case LOCATION -> {
                fields.add("latitude=" + number(event.values().get("latitude")));
                fields.add("longitude=" + number(event.values().get("longitude")));
                fields.add("elevation=" + number(event.values().get("elevation")));
            }
            case ALERT -> {
                if (event.values().get("message") != null) {
                    fields.add("message=" + quote(String.valueOf(event.values().get("message"))));
                }
            }
        }
        line.append(' ').append(String.join(",", fields)).append(' ')
                .append(LineProtocolSyntax.millis(event.eventDate().toEpochMilli()));
        return line.toString();
    }

    private static StoredEvent parse(Map<String, JsonNode> row) throws IOException {
        EventKind kind = EventKind.byTypeName(text(row, TAG_TYPE))
                .orElseThrow(() -> new IOException("unknown event type in InfluxDB: " + text(row, TAG_TYPE)));
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : row.entrySet()) {
            if (column.getKey().startsWith(FIELD_META_PREFIX)) {
                metadata.put(column.getKey().substring(FIELD_META_PREFIX.length()), column.getValue().asText());
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        switch (kind) {
            case MEASUREMENT -> {
                values.put("name", text(row, FIELD_MX_NAME));
                values.put("value", row.containsKey(FIELD_MX_VALUE) ? row.get(FIELD_MX_VALUE).asDouble() : null);
            }
            case LOCATION -> {
                values.put("latitude", row.containsKey("latitude") ? row.get("latitude").asDouble() : null);
                values.put("longitude", row.containsKey("longitude") ? row.get("longitude").asDouble() : null);
                values.put("elevation", row.containsKey("elevation") ? row.get("elevation").asDouble() : null);
            }
            case ALERT -> {
                values.put("source", text(row, "source"));
                values.put("level", text(row, "level"));
                values.put("type", text(row, "alert"));
                values.put("message", text(row, "message"));
            }
        }
        String received = text(row, FIELD_RECEIVED_DATE);
        Instant eventDate = Instant.ofEpochMilli(row.get("time").asLong());
        return new StoredEvent(required(row, FIELD_EVENT_ID), text(row, FIELD_ALTERNATE_ID), kind,
                required(row, TAG_DEVICE), required(row, TAG_ASSIGNMENT),
                uuid(text(row, "customer")), uuid(text(row, "area")), uuid(text(row, "asset")), eventDate,
                received == null ? eventDate : java.time.OffsetDateTime.parse(received).toInstant(),
                metadata, values);
    }

    /** Every row of every series of {@code body}, as column → non-null value (series tags included). */
    private static List<Map<String, JsonNode>> rows(JsonNode body) {
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        for (JsonNode result : body.path("results")) {
            for (JsonNode series : result.path("series")) {
                JsonNode columns = series.path("columns");
                for (JsonNode values : series.path("values")) {
                    Map<String, JsonNode> row = new HashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        JsonNode value = values.get(i);
                        if (value != null && !value.isNull()) {
                            row.put(columns.get(i).asText(), value);
                        }
                    }
                    series.path("tags").fields().forEachRemaining(tag -> row.put(tag.getKey(), tag.getValue()));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String text(Map<String, JsonNode> row, String column) {
        JsonNode value = row.get(column);
        return value == null ? null : value.asText();
    }

    /**
     * The UUID in {@code column} of a stored point; an {@link IOException} naming the column and the point's time when
     * it is absent or not a UUID (a point written by something other than the platform's writers, e.g. a partial copy),
     * so the listing fails with that reason instead of a NullPointerException.
     */
    private static UUID required(Map<String, JsonNode> row, String column) throws IOException {
        String value = text(row, column);
        try {
            if (value != null) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // reported below with the point's time
        }
        throw new IOException("the stored event at time " + text(row, "time") + " ms has " + (value == null
                ? "no '" + column + "'" : "'" + column + "' = '" + value + "', not a UUID") + "; columns present: "
                + new java.util.TreeSet<>(row.keySet()));
    }

    private static UUID uuid(String value) {
        return value == null ? null : UUID.fromString(value);
    }

    private static void putIfSet(Map<String, String> tags, String key, Object value) {
        if (value != null) {
            tags.put(key, value.toString());
        }
    }

    private static String number(Object value) {
        return LineProtocolSyntax.floatField(value instanceof Number n ? n.doubleValue() : 0.0);
    }

    private static String quote(String value) {
        return LineProtocolSyntax.stringField(value);
    }
}
