package io.contmig.sitewhere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GAnyDeviceEventCreateRequest;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDecodedEventPayload;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceAlertCreateRequest;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceCommandResponseCreateRequest;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceEventContext;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceEventCreateRequest;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceLocationCreateRequest;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceMeasurementCreateRequest;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GOptionalBoolean;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GPreprocessedEventPayload;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GProcessedEventPayload;

import static io.contmig.sitewhere.ProtobufScalars.alertLevel;
import static io.contmig.sitewhere.ProtobufScalars.alertSource;
import static io.contmig.sitewhere.ProtobufScalars.decimal;
import static io.contmig.sitewhere.ProtobufScalars.label;
import static io.contmig.sitewhere.ProtobufScalars.millis;
import static io.contmig.sitewhere.ProtobufScalars.optional;
import static io.contmig.sitewhere.ProtobufScalars.parse;
import static io.contmig.sitewhere.ProtobufScalars.strings;
import static io.contmig.sitewhere.ProtobufScalars.uuid;
import static io.contmig.sitewhere.ProtobufScalars.uuidField;

import java.math.BigDecimal;
import java.util.Map;

/**
 * SiteWhere 3's Kafka values as protobuf ({@code GDecodedEventPayload}, {@code GPreprocessedEventPayload},
 * {@code GProcessedEventPayload}, compiled from {@code src/main/proto}) and back, from and to the JSON shapes of
 * SiteWhere's own JSON protocol that the sandbox's pipeline works with:
 * <ul>
 *   <li>decoded: {@code {sourceId, deviceToken, originator?, type, request}} — {@code type} the MQTT request type
 *       ({@code DeviceMeasurement}, {@code DeviceLocation}, {@code DeviceAlert}, {@code Acknowledge}), {@code request}
 *       its JSON body;</li>
 *   <li>pre-processed: {@code {sourceId, deviceToken, originator?, context, type, request}} (protobuf carries the
 *       request, not a stored event: the event is created by persistence, as in SiteWhere);</li>
 *   <li>processed: {@code {context, event}} with {@code event} the {@code DeviceEvent} JSON.</li>
 * </ul>
 * Decimal values travel as strings, dates as epoch milliseconds (0 = not given), UUIDs as two big-endian halves —
 * as SiteWhere 3.0 writes them. Stateless and thread-safe; a value that is not such a message throws
 * {@link IllegalArgumentException} naming what is wrong.
 */
public final class SiteWhereProtobuf {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SiteWhereProtobuf() {
    }

    /** The metadata of the request in {@code event} (empty when it holds none of the kinds contmig knows). */
    public static Map<String, String> metadata(GAnyDeviceEventCreateRequest event) {
        switch (event.getEventCase()) {
            case MEASUREMENT: return event.getMeasurement().getEvent().getMetadataMap();
            case LOCATION: return event.getLocation().getEvent().getMetadataMap();
            case ALERT: return event.getAlert().getEvent().getMetadataMap();
            case COMMANDRESPONSE: return event.getCommandResponse().getEvent().getMetadataMap();
            default: return Map.of();
        }
    }

    /** {@code GDecodedEventPayload} of a decoded JSON value. */
    public static byte[] decoded(JsonNode value) {
        GDecodedEventPayload.Builder p = GDecodedEventPayload.newBuilder()
                .setSourceId(value.path("sourceId").asText())
                .setDeviceToken(value.path("deviceToken").asText())
                .setEvent(request(value.path("type").asText(), value.path("request")));
        if (value.hasNonNull("originator")) {
            p.setOriginator(optional(value.get("originator").asText()));
        }
        return p.build().toByteArray();
    }

    /** The decoded JSON value of a {@code GDecodedEventPayload}. */
    public static ObjectNode decoded(byte[] value) {
        GDecodedEventPayload p = parse(() -> GDecodedEventPayload.parseFrom(value), "GDecodedEventPayload");
        ObjectNode json = NODES.objectNode();
        json.put("sourceId", p.getSourceId());
        json.put("deviceToken", p.getDeviceToken());
        if (p.hasOriginator()) {
            json.put("originator", p.getOriginator().getValue());
        }
        putRequest(json, p.getEvent());
        return json;
    }

    /** {@code GPreprocessedEventPayload} of a pre-processed JSON value ({@code context} plus the request). */
    public static byte[] preprocessed(JsonNode value) {
        GDeviceEventContext.Builder context = context(value.path("context")).toBuilder();
        if (value.hasNonNull("sourceId")) {
            context.setSourceId(optional(value.get("sourceId").asText()));
        }
        if (value.hasNonNull("originator")) {
            context.setOriginator(optional(value.get("originator").asText()));
        }
        return GPreprocessedEventPayload.newBuilder().setContext(context)
                .setEvent(request(value.path("type").asText(), value.path("request"))).build().toByteArray();
    }

    /** The pre-processed JSON value of a {@code GPreprocessedEventPayload}. */
    public static ObjectNode preprocessed(byte[] value) {
        GPreprocessedEventPayload p = parse(() -> GPreprocessedEventPayload.parseFrom(value),
                "GPreprocessedEventPayload");
        ObjectNode json = NODES.objectNode();
        GDeviceEventContext c = p.getContext();
        json.put("sourceId", c.hasSourceId() ? c.getSourceId().getValue() : "");
        json.put("deviceToken", c.getDeviceToken());
        if (c.hasOriginator()) {
            json.put("originator", c.getOriginator().getValue());
        }
        json.set("context", context(c));
        putRequest(json, p.getEvent());
        return json;
    }

    /** {@code GProcessedEventPayload} of a processed JSON value ({@code context}, {@code event}). */
    public static byte[] processed(JsonNode value) {
        GProcessedEventPayload.Builder p = GProcessedEventPayload.newBuilder().setEvent(ProtobufDeviceEvents.event(value.path("event")));
        if (value.path("context").isObject()) {
            p.setContext(context(value.get("context")));
        }
        return p.build().toByteArray();
    }

    /** The processed JSON value of a {@code GProcessedEventPayload}. */
    public static ObjectNode processed(byte[] value) {
        GProcessedEventPayload p = parse(() -> GProcessedEventPayload.parseFrom(value), "GProcessedEventPayload");
        ObjectNode json = NODES.objectNode();
        if (p.hasContext()) {
            json.set("context", context(p.getContext()));
        }
        json.set("event", ProtobufDeviceEvents.event(p.getEvent()));
        return json;
    }

    // ---- requests ----

    private static GAnyDeviceEventCreateRequest request(String type, JsonNode r) {
        GAnyDeviceEventCreateRequest.Builder any = GAnyDeviceEventCreateRequest.newBuilder();
        GDeviceEventCreateRequest common = common(r);
        switch (type) {
            case "DeviceMeasurement" -> any.setMeasurement(GDeviceMeasurementCreateRequest.newBuilder()
                    .setName(r.path("name").asText()).setValue(decimal(r.path("value"))).setEvent(common));
            case "DeviceLocation" -> {
                GDeviceLocationCreateRequest.Builder l = GDeviceLocationCreateRequest.newBuilder()
                        .setLatitude(decimal(r.path("latitude"))).setLongitude(decimal(r.path("longitude")))
                        .setEvent(common);
                if (r.hasNonNull("elevation")) {
                    l.setElevation(optional(decimal(r.get("elevation"))));
                }
                any.setLocation(l);
            }
            case "DeviceAlert" -> any.setAlert(GDeviceAlertCreateRequest.newBuilder()
                    .setSource(alertSource(r.path("source").asText("Device")))
                    .setLevel(alertLevel(r.path("level").asText("Info")))
                    .setType(r.path("type").asText()).setAlertMessage(r.path("message").asText()).setEvent(common));
            case "Acknowledge" -> {
                GDeviceCommandResponseCreateRequest.Builder c = GDeviceCommandResponseCreateRequest.newBuilder()
                        .setEvent(common);
                if (r.hasNonNull("originatingEventId")) {
                    c.setOriginatingEventId(uuid(r.get("originatingEventId").asText()));
                }
                if (r.hasNonNull("responseEventId")) {
                    c.setResponseEventId(uuid(r.get("responseEventId").asText()));
                }
                if (r.hasNonNull("response")) {
                    c.setResponse(optional(r.get("response").asText()));
                }
                any.setCommandResponse(c);
            }
            default -> throw new IllegalArgumentException("type '" + type + "' has no SiteWhere protobuf event");
        }
        return any.build();
    }

    private static GDeviceEventCreateRequest common(JsonNode r) {
        GDeviceEventCreateRequest.Builder c = GDeviceEventCreateRequest.newBuilder().setEventDate(millis(r.get("eventDate")));
        if (r.hasNonNull("alternateId")) {
            c.setAlternateId(optional(r.get("alternateId").asText()));
        }
        if (r.hasNonNull("updateState")) {
            c.setUpdateState(GOptionalBoolean.newBuilder().setValue(r.get("updateState").asBoolean()));
        }
        strings(r.path("metadata"), c::putMetadata);
        return c.build();
    }

    private static void putRequest(ObjectNode json, GAnyDeviceEventCreateRequest any) {
        ObjectNode r = NODES.objectNode();
        GDeviceEventCreateRequest common;
        switch (any.getEventCase()) {
            case MEASUREMENT -> {
                json.put("type", "DeviceMeasurement");
                r.put("name", any.getMeasurement().getName());
                r.put("value", new BigDecimal(any.getMeasurement().getValue()));
                common = any.getMeasurement().getEvent();
            }
            case LOCATION -> {
                json.put("type", "DeviceLocation");
                GDeviceLocationCreateRequest l = any.getLocation();
                r.put("latitude", new BigDecimal(l.getLatitude()));
                r.put("longitude", new BigDecimal(l.getLongitude()));
                if (l.hasElevation()) {
                    r.put("elevation", new BigDecimal(l.getElevation().getValue()));
                }
                common = l.getEvent();
            }
            case ALERT -> {
                json.put("type", "DeviceAlert");
                GDeviceAlertCreateRequest a = any.getAlert();
                r.put("type", a.getType());
                r.put("message", a.getAlertMessage());
                r.put("level", label(a.getLevel()));
                r.put("source", label(a.getSource()));
                common = a.getEvent();
            }
            case COMMANDRESPONSE -> {
                json.put("type", "Acknowledge");
                GDeviceCommandResponseCreateRequest c = any.getCommandResponse();
                if (c.hasOriginatingEventId()) {
                    r.put("originatingEventId", uuid(c.getOriginatingEventId()).toString());
                }
                if (c.hasResponseEventId()) {
                    r.put("responseEventId", uuid(c.getResponseEventId()).toString());
                }
                if (c.hasResponse()) {
                    r.put("response", c.getResponse().getValue());
                }
                common = c.getEvent();
            }
            default -> throw new IllegalArgumentException("event: none of measurement, location, alert, commandResponse");
        }
        if (common.hasAlternateId()) {
            r.put("alternateId", common.getAlternateId().getValue());
        }
        if (common.getEventDate() != 0) {
            r.put("eventDate", common.getEventDate());
        }
        if (common.hasUpdateState()) {
            r.put("updateState", common.getUpdateState().getValue());
        }
        ObjectNode metadata = r.putObject("metadata");
        common.getMetadataMap().forEach(metadata::put);
        json.set("request", r);
    }

    // ---- context ----

    private static GDeviceEventContext context(JsonNode c) {
        GDeviceEventContext.Builder b = GDeviceEventContext.newBuilder().setDeviceToken(c.path("deviceToken").asText());
        uuidField(c, "deviceId", b::setDeviceId);
        uuidField(c, "deviceTypeId", b::setDeviceTypeId);
        uuidField(c, "deviceAssignmentId", b::setDeviceAssignmentId);
        uuidField(c, "customerId", b::setCustomerId);
        uuidField(c, "areaId", b::setAreaId);
        uuidField(c, "assetId", b::setAssetId);
        return b.build();
    }

    private static ObjectNode context(GDeviceEventContext c) {
        ObjectNode json = NODES.objectNode();
        json.put("deviceToken", c.getDeviceToken());
        if (c.hasDeviceId()) {
            json.put("deviceId", uuid(c.getDeviceId()).toString());
        }
        if (c.hasDeviceTypeId()) {
            json.put("deviceTypeId", uuid(c.getDeviceTypeId()).toString());
        }
        if (c.hasDeviceAssignmentId()) {
            json.put("deviceAssignmentId", uuid(c.getDeviceAssignmentId()).toString());
        }
        if (c.hasCustomerId()) {
            json.put("customerId", uuid(c.getCustomerId()).toString());
        }
        if (c.hasAreaId()) {
            json.put("areaId", uuid(c.getAreaId()).toString());
        }
        if (c.hasAssetId()) {
            json.put("assetId", uuid(c.getAssetId()).toString());
        }
        return json;
    }

}
