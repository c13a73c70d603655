package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.Device;
import io.contmig.sandbox.devices.DeviceAssignment;
import io.contmig.sandbox.devices.DeviceType;
import io.contmig.sandbox.devices.Page;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Renders the sandbox's entities as SiteWhere 3.0's REST JSON ({@code com.sitewhere.rest.model}): null fields are
 * left out ({@code @JsonInclude(NON_NULL)}). Dates are rendered as Jackson renders {@code java.util.Date} with
 * timestamps off (Quarkus' default): {@code 2021-03-25T10:15:30.000+00:00}; the outbound event JSON uses epoch
 * milliseconds, as SiteWhere's {@code MarshalUtils.MAPPER}. Stateless and thread-safe.
 */
final class SiteWhereJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SiteWhereJson() {
    }

    static ObjectNode deviceType(DeviceType t) {
        ObjectNode json = persistent(t.id(), t.token(), t.createdDate(), t.createdBy(), t.updatedDate(),
                t.updatedBy(), t.metadata());
        put(json, "name", t.name());
        put(json, "description", t.description());
        put(json, "imageUrl", t.imageUrl());
        put(json, "icon", t.icon());
        put(json, "backgroundColor", t.backgroundColor());
        put(json, "foregroundColor", t.foregroundColor());
        put(json, "borderColor", t.borderColor());
        put(json, "containerPolicy", t.containerPolicy());
        return json;
    }

    static ObjectNode device(Device d) {
        ObjectNode json = persistent(d.id(), d.token(), d.createdDate(), d.createdBy(), d.updatedDate(),
                d.updatedBy(), d.metadata());
        put(json, "deviceTypeId", d.deviceTypeId());
        put(json, "parentDeviceId", d.parentDeviceId());
        put(json, "comments", d.comments());
        put(json, "status", d.status());
        json.putArray("deviceElementMappings");
        return json;
    }

    static ObjectNode assignment(DeviceAssignment a) {
        ObjectNode json = persistent(a.id(), a.token(), a.createdDate(), a.createdBy(), a.updatedDate(),
                a.updatedBy(), a.metadata());
        put(json, "deviceId", a.deviceId());
        put(json, "deviceTypeId", a.deviceTypeId());
        put(json, "customerId", a.customerId());
        put(json, "areaId", a.areaId());
        put(json, "assetId", a.assetId());
        put(json, "status", a.status());
        put(json, "activeDate", a.activeDate());
        put(json, "releasedDate", a.releasedDate());
        return json;
    }

    /** SiteWhere's {@code DeviceMeasurement} / {@code DeviceLocation} / {@code DeviceAlert} JSON of the REST API. */
    static ObjectNode event(StoredEvent e) {
        return event(e, false);
    }

    /** The JSON SiteWhere's outbound connectors write: dates as epoch milliseconds. */
    static String outboundEvent(StoredEvent e) {
        return event(e, true).toString();
    }

    private static ObjectNode event(StoredEvent e, boolean epochDates) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", e.id().toString());
        put(json, "alternateId", e.alternateId());
        json.put("eventType", e.kind().typeName());
        json.put("deviceId", e.deviceId().toString());
        json.put("deviceAssignmentId", e.assignmentId().toString());
        put(json, "customerId", e.customerId());
        put(json, "areaId", e.areaId());
        put(json, "assetId", e.assetId());
        if (epochDates) {
            json.put("eventDate", e.eventDate().toEpochMilli());
            json.put("receivedDate", e.receivedDate().toEpochMilli());
        } else {
            put(json, "eventDate", e.eventDate());
            put(json, "receivedDate", e.receivedDate());
        }
        ObjectNode metadata = json.putObject("metadata");
        e.metadata().forEach(metadata::put);
        for (Map.Entry<String, Object> value : e.values().entrySet()) {
            Object v = value.getValue();
            if (v instanceof Double d) {
                json.put(value.getKey(), d);
            } else if (v instanceof BigDecimal b) {
                json.put(value.getKey(), b);
            } else if (v != null) {
                json.put(value.getKey(), v.toString());
            }
        }
        return json;
    }

    /** SiteWhere's {@code SearchResults}: {@code {"numResults":N,"results":[...]}}. */
    static <T> ObjectNode searchResults(Page<T> page, Function<T, ObjectNode> render) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("numResults", page.numResults());
        ArrayNode results = json.putArray("results");
        for (T item : page.results()) {
            results.add(render.apply(item));
        }
        return json;
    }

    static <T> ArrayNode array(List<T> items, Function<T, ObjectNode> render) {
        ArrayNode array = MAPPER.createArrayNode();
        for (T item : items) {
            array.add(render.apply(item));
        }
        return array;
    }

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    private static ObjectNode persistent(UUID id, String token, Instant createdDate, String createdBy,
                                         Instant updatedDate, String updatedBy, Map<String, String> metadata) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", id.toString());
        json.put("token", token);
        put(json, "createdDate", createdDate);
        put(json, "createdBy", createdBy);
        put(json, "updatedDate", updatedDate);
        put(json, "updatedBy", updatedBy);
        ObjectNode meta = json.putObject("metadata");
        metadata.forEach(meta::put);
        return json;
    }

    private static void put(ObjectNode json, String field, Object value) {
        if (value instanceof Instant instant) {
            json.put(field, date(instant));
        } else if (value != null) {
            json.put(field, value.toString());
        }
    }
}
