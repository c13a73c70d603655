package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.ActiveAssignment;
import io.contmig.sitewhere.EventPoints;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SiteWhere's stored event, as JSON and as an InfluxDB point: builds the {@code DeviceEvent} JSON of an accepted
 * request (what the outbound connector publishes, null fields omitted as {@code @JsonInclude(NON_NULL)} does); its
 * line-protocol point comes from {@link EventPoints} (shared with {@code influxdb/kafka-replay}). Stateless and
 * thread-safe.
 */
public final class DeviceEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DeviceEvents() {
    }

    /**
     * The {@code DeviceEvent} JSON of {@code request} (already validated) for one active assignment; the event
     * date defaults to {@code receivedMillis}, as SiteWhere's persistence does.
     */
    public static ObjectNode create(RequestType type, JsonNode request, ActiveAssignment assignment, UUID eventId,
                                    long receivedMillis) {
        String eventType = type.eventType().orElseThrow(
                () -> new IllegalArgumentException("type (" + type + ") does not create an event"));
        ObjectNode event = NODES.objectNode();
        event.put("id", eventId.toString());
        text(request, "alternateId").ifPresent(v -> event.put("alternateId", v));
        event.put("eventType", eventType);
        event.put("deviceId", assignment.deviceId().toString());
        event.put("deviceAssignmentId", assignment.assignmentId().toString());
        assignment.customerId().ifPresent(v -> event.put("customerId", v.toString()));
        assignment.areaId().ifPresent(v -> event.put("areaId", v.toString()));
        assignment.assetId().ifPresent(v -> event.put("assetId", v.toString()));
        event.put("eventDate", EventDecoder.eventDateMillis(request, receivedMillis));
        event.put("receivedDate", receivedMillis);
        ObjectNode metadata = event.putObject("metadata");
        JsonNode given = request.get("metadata");
        if (given != null && given.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isNull()) {
                    metadata.put(entry.getKey(), entry.getValue().asText());
                }
            }
        }
        switch (type) {
            case DeviceMeasurement -> {
                text(request, "name").ifPresent(v -> event.put("name", v));
                decimal(request, "value").ifPresent(v -> event.put("value", v));
            }
            case DeviceLocation -> {
                decimal(request, "latitude").ifPresent(v -> event.put("latitude", v));
                decimal(request, "longitude").ifPresent(v -> event.put("longitude", v));
                event.put("elevation", decimal(request, "elevation").orElse(BigDecimal.ZERO));
            }
            case DeviceAlert -> {
                event.put("source", text(request, "source").orElse("Device"));
                event.put("level", text(request, "level").orElse("Info"));
                text(request, "type").ifPresent(v -> event.put("type", v));
                text(request, "message").ifPresent(v -> event.put("message", v));
            }
            case Acknowledge -> {
                text(request, "originatingEventId").ifPresent(v -> event.put("originatingEventId", v));
                text(request, "responseEventId").ifPresent(v -> event.put("responseEventId", v));
                text(request, "response").ifPresent(v -> event.put("response", v));
            }
            default -> throw new IllegalArgumentException("type (" + type + ") does not create an event");
        }
        return event;
    }

    /** As {@link EventPoints#addPrecision}. */
    public static void addPrecision(ObjectNode event) {
        EventPoints.addPrecision(event);
    }

    /** As {@link EventPoints#point}. */
    public static String point(ObjectNode event) {
        return EventPoints.point(event);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Optional<BigDecimal> decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim()));
    }
}
