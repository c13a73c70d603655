package io.contmig.sitewhere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
 * SiteWhere's stored event as an InfluxDB point: the {@code DeviceEvent} JSON (as the {@code inbound-events} and
 * {@code outbound-events} topics carry it) → one line-protocol point in measurement {@code events} with SiteWhere's
 * tags and fields ({@code InfluxDbDevice*Event.java}, reference §3.2). The emulator's persistence writes with it and
 * {@code influxdb/kafka-replay} rebuilds a database with it, so both give the same points. Stateless, thread-safe.
 */
public final class EventPoints {

    private static final Set<String> PRECISIONS = Set.of("s", "ms", "mu", "ns");
    /** Joda's {@code ISODateTimeFormat.dateTime()} in UTC: {@code 2021-03-25T10:15:30.123Z}. */
    private static final DateTimeFormatter RCVDATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

    private EventPoints() {
    }

    /**
     * Adds {@code metadata.precision = "ms"} unless the event already names a precision, as SiteWhere's InfluxDB
     * writer does (it mutates the event, so the outbound JSON carries it too).
     */
    public static void addPrecision(ObjectNode event) {
        ObjectNode metadata = event.with("metadata");
        if (!PRECISIONS.contains(metadata.path("precision").asText(""))) {
            metadata.put("precision", "ms");
        }
    }

    /** The line-protocol point of {@code event} (after {@link #addPrecision}), nanosecond timestamp. */
    public static String point(ObjectNode event) {
        StringBuilder line = new StringBuilder(256).append(MEASUREMENT);
        Map<String, String> tags = new TreeMap<>();
        String eventType = event.path("eventType").asText();
        tags.put(TAG_TYPE, eventType);
        tags.put(TAG_DEVICE, event.path("deviceId").asText());
        tags.put(TAG_ASSIGNMENT, event.path("deviceAssignmentId").asText());
        optional(event, "customerId").ifPresent(v -> tags.put("customer", v));
        optional(event, "areaId").ifPresent(v -> tags.put("area", v));
        optional(event, "assetId").ifPresent(v -> tags.put("asset", v));
        if (eventType.equals("Alert")) {
            optional(event, "type").ifPresent(v -> tags.put("alert", v));
            optional(event, "source").ifPresent(v -> tags.put("source", v));
            optional(event, "level").ifPresent(v -> tags.put("level", v));
        }
        if (eventType.equals("CommandResponse")) {
            optional(event, "originatingEventId").ifPresent(v -> tags.put("origEvent", v));
        }
        tags.forEach((k, v) -> {
            if (!v.isEmpty()) {
                line.append(',').append(escapeKey(k)).append('=').append(escapeKey(v));
            }
        });
        line.append(' ');
        StringBuilder fields = new StringBuilder(160);
        stringField(fields, FIELD_EVENT_ID, event.path("id").asText());
        optional(event, "alternateId").ifPresent(v -> stringField(fields, FIELD_ALTERNATE_ID, v));
        switch (eventType) {
            case "Measurement" -> {
                optional(event, "name").ifPresent(v -> stringField(fields, FIELD_MX_NAME, v));
                if (event.hasNonNull("value")) {
                    floatField(fields, FIELD_MX_VALUE, event.get("value"));
                }
            }
            case "Location" -> {
                for (String f : new String[] {"latitude", "longitude", "elevation"}) {
                    if (event.hasNonNull(f)) {
                        floatField(fields, f, event.get(f));
                    }
                }
            }
            case "Alert" -> optional(event, "message").ifPresent(v -> stringField(fields, "message", v));
            case "CommandResponse" -> {
                optional(event, "responseEventId").ifPresent(v -> stringField(fields, "respEvent", v));
                optional(event, "response").ifPresent(v -> stringField(fields, "response", v));
            }
            default -> {
                // no type-specific fields
            }
        }
        stringField(fields, FIELD_RECEIVED_DATE, RCVDATE.format(Instant.ofEpochMilli(event.path("receivedDate").asLong())));
        for (Iterator<Map.Entry<String, JsonNode>> it = event.path("metadata").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            stringField(fields, FIELD_META_PREFIX + entry.getKey(), entry.getValue().asText());
        }
        line.append(fields).append(' ').append(timestampNanos(event));
        return line.toString();
    }

    /** The point's time: {@code eventDate} truncated to the event's precision, in nanoseconds. */
    public static long timestampNanos(ObjectNode event) {
        long millis = event.path("eventDate").asLong();
        return switch (event.path("metadata").path("precision").asText("ms")) {
            case "s" -> Math.floorDiv(millis, 1000L) * 1_000_000_000L;
            default -> millis * 1_000_000L;
        };
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static void stringField(StringBuilder fields, String key, String value) {
        if (fields.length() > 0) {
            fields.append(',');
        }
        fields.append(escapeKey(key)).append("=\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }

    private static void floatField(StringBuilder fields, String key, JsonNode value) {
        if (fields.length() > 0) {
            fields.append(',');
        }
        // A float field: plain decimal notation without an "i" suffix (which would make it an integer).
        BigDecimal number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
        fields.append(escapeKey(key)).append('=').append(number.toPlainString());
    }

    /** Escapes a tag key, tag value or field key: commas, equals signs and spaces. */
    private static String escapeKey(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }
}
