package io.contmig.sitewhere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GAnyDeviceEvent;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceAlert;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceCommandResponse;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceEvent;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceEventType;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceLocation;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDeviceMeasurement;

import java.math.BigDecimal;

import static io.contmig.sitewhere.ProtobufScalars.alertLevel;
import static io.contmig.sitewhere.ProtobufScalars.alertSource;
import static io.contmig.sitewhere.ProtobufScalars.decimal;
import static io.contmig.sitewhere.ProtobufScalars.label;
import static io.contmig.sitewhere.ProtobufScalars.millis;
import static io.contmig.sitewhere.ProtobufScalars.optional;
import static io.contmig.sitewhere.ProtobufScalars.strings;
import static io.contmig.sitewhere.ProtobufScalars.uuid;

/** SiteWhere's stored event ({@code DeviceEvent} JSON) as {@code GAnyDeviceEvent} and back. Stateless. */
final class ProtobufDeviceEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtobufDeviceEvents() {
    }


    static GAnyDeviceEvent event(JsonNode e) {
        GDeviceEvent.Builder common = GDeviceEvent.newBuilder()
                .setId(uuid(e.path("id").asText()))
                .setDeviceId(uuid(e.path("deviceId").asText()))
                .setDeviceAssignmentId(uuid(e.path("deviceAssignmentId").asText()))
                .setEventDate(millis(e.get("eventDate"))).setReceivedDate(millis(e.get("receivedDate")));
        if (e.hasNonNull("alternateId")) {
            common.setAlternateId(optional(e.get("alternateId").asText()));
        }
        if (e.hasNonNull("customerId")) {
            common.setCustomerId(uuid(e.get("customerId").asText()));
        }
        if (e.hasNonNull("areaId")) {
            common.setAreaId(uuid(e.get("areaId").asText()));
        }
        if (e.hasNonNull("assetId")) {
            common.setAssetId(uuid(e.get("assetId").asText()));
        }
        strings(e.path("metadata"), common::putMetadata);
        GAnyDeviceEvent.Builder any = GAnyDeviceEvent.newBuilder();
        String type = e.path("eventType").asText();
        switch (type) {
            case "Measurement" -> any.setMeasurement(GDeviceMeasurement.newBuilder().setName(e.path("name").asText())
                    .setValue(decimal(e.path("value"))).setEvent(common.setEventType(GDeviceEventType.EVENT_TYPE_MEASUREMENT)));
            case "Location" -> {
                GDeviceLocation.Builder l = GDeviceLocation.newBuilder().setLatitude(decimal(e.path("latitude")))
                        .setLongitude(decimal(e.path("longitude")))
                        .setEvent(common.setEventType(GDeviceEventType.EVENT_TYPE_LOCATION));
                if (e.hasNonNull("elevation")) {
                    l.setElevation(optional(decimal(e.get("elevation"))));
                }
                any.setLocation(l);
            }
            case "Alert" -> any.setAlert(GDeviceAlert.newBuilder()
                    .setSource(alertSource(e.path("source").asText("Device")))
                    .setLevel(alertLevel(e.path("level").asText("Info"))).setType(e.path("type").asText())
                    .setAlertMessage(e.path("message").asText())
                    .setEvent(common.setEventType(GDeviceEventType.EVENT_TYPE_ALERT)));
            case "CommandResponse" -> {
                GDeviceCommandResponse.Builder c = GDeviceCommandResponse.newBuilder()
                        .setEvent(common.setEventType(GDeviceEventType.EVENT_TYPE_COMMAND_RESPONSE));
                if (e.hasNonNull("originatingEventId")) {
                    c.setOriginatingEventId(uuid(e.get("originatingEventId").asText()));
                }
                if (e.hasNonNull("responseEventId")) {
                    c.setResponseEventId(uuid(e.get("responseEventId").asText()));
                }
                if (e.hasNonNull("response")) {
                    c.setResponse(optional(e.get("response").asText()));
                }
                any.setCommandResponse(c);
            }
            default -> throw new IllegalArgumentException("eventType '" + type + "' has no SiteWhere protobuf event");
        }
        return any.build();
    }

    static ObjectNode event(GAnyDeviceEvent any) {
        ObjectNode e = NODES.objectNode();
        GDeviceEvent common;
        switch (any.getEventCase()) {
            case MEASUREMENT -> common = any.getMeasurement().getEvent();
            case LOCATION -> common = any.getLocation().getEvent();
            case ALERT -> common = any.getAlert().getEvent();
            case COMMANDRESPONSE -> common = any.getCommandResponse().getEvent();
            default -> throw new IllegalArgumentException("event: none of measurement, location, alert, commandResponse");
        }
        e.put("id", uuid(common.getId()).toString());
        if (common.hasAlternateId()) {
            e.put("alternateId", common.getAlternateId().getValue());
        }
        e.put("eventType", switch (any.getEventCase()) {
            case MEASUREMENT -> "Measurement";
            case LOCATION -> "Location";
            case ALERT -> "Alert";
            default -> "CommandResponse";
        });
        e.put("deviceId", uuid(common.getDeviceId()).toString());
        e.put("deviceAssignmentId", uuid(common.getDeviceAssignmentId()).toString());
        if (common.hasCustomerId()) {
            e.put("customerId", uuid(common.getCustomerId()).toString());
        }
        if (common.hasAreaId()) {
            e.put("areaId", uuid(common.getAreaId()).toString());
        }
        if (common.hasAssetId()) {
            e.put("assetId", uuid(common.getAssetId()).toString());
        }
        e.put("eventDate", common.getEventDate());
        e.put("receivedDate", common.getReceivedDate());
        ObjectNode metadata = e.putObject("metadata");
        common.getMetadataMap().forEach(metadata::put);
        switch (any.getEventCase()) {
            case MEASUREMENT -> {
                e.put("name", any.getMeasurement().getName());
                e.put("value", new BigDecimal(any.getMeasurement().getValue()));
            }
            case LOCATION -> {
                e.put("latitude", new BigDecimal(any.getLocation().getLatitude()));
                e.put("longitude", new BigDecimal(any.getLocation().getLongitude()));
                if (any.getLocation().hasElevation()) {
                    e.put("elevation", new BigDecimal(any.getLocation().getElevation().getValue()));
                }
            }
            case ALERT -> {
                e.put("source", label(any.getAlert().getSource()));
                e.put("level", label(any.getAlert().getLevel()));
                e.put("type", any.getAlert().getType());
                e.put("message", any.getAlert().getAlertMessage());
            }
            default -> {
                GDeviceCommandResponse c = any.getCommandResponse();
                if (c.hasOriginatingEventId()) {
                    e.put("originatingEventId", uuid(c.getOriginatingEventId()).toString());
                }
                if (c.hasResponseEventId()) {
                    e.put("responseEventId", uuid(c.getResponseEventId()).toString());
                }
                if (c.hasResponse()) {
                    e.put("response", c.getResponse().getValue());
                }
            }
        }
        return e;
    }

}
