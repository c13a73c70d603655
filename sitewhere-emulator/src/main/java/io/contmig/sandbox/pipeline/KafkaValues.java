package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.ActiveAssignment;
import io.contmig.sitewhere.SiteWhereProtobuf;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * How the pipeline writes and reads the values of a tenant's event topics ({@code event-source-decoded-events},
 * {@code inbound-events}, {@code outbound-events}): the sandbox's JSON (the default; easy to read with any tool), or
 * protobuf exactly as SiteWhere 3 writes them ({@code GDecodedEventPayload}, {@code GPreprocessedEventPayload},
 * {@code GProcessedEventPayload}; {@link SiteWhereProtobuf}). In protobuf the pre-processed value carries the
 * request, not a stored event, so the stored event (its id and received date) is created when persistence reads it,
 * as SiteWhere's event-management does. The device-registration and failed-decode topics are not event payloads and
 * keep their values as they are. Stateless and thread-safe; a value that cannot be read throws
 * {@link IOException} (the consumer loop's error handling applies).
 */
public enum KafkaValues {
    JSON,
    PROTOBUF;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The label used in settings and scenarios: {@code json} or {@code protobuf}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of {@code label} ({@code json} or {@code protobuf}); empty for anything else. */
    public static Optional<KafkaValues> byLabel(String label) {
        for (KafkaValues v : values()) {
            if (v.label().equals(label)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** A decoded-events value of {@code {sourceId, deviceToken, originator?, type, request}}. */
    byte[] decoded(ObjectNode value) throws IOException {
        return this == JSON ? MAPPER.writeValueAsBytes(value) : encode(() -> SiteWhereProtobuf.decoded(value));
    }

    /** {@code {sourceId, deviceToken, originator?, type, request}} of a decoded-events value. */
    JsonNode decoded(byte[] value) throws IOException {
        return this == JSON ? MAPPER.readTree(value) : decode(() -> SiteWhereProtobuf.decoded(value));
    }

    /**
     * An inbound-events value: JSON writes {@code value} ({@code {sourceId, deviceToken, originator?, context,
     * event}}) as it is; protobuf writes its context with the request ({@code type}, {@code request}) instead of the
     * event.
     */
    byte[] preprocessed(ObjectNode value, String type, JsonNode request) throws IOException {
        if (this == JSON) {
            return MAPPER.writeValueAsBytes(value);
        }
        ObjectNode withRequest = value.deepCopy();
        withRequest.remove("event");
        withRequest.put("type", type);
        withRequest.set("request", request);
        return encode(() -> SiteWhereProtobuf.preprocessed(withRequest));
    }

    /**
     * {@code {context, event}} of an inbound-events value; for protobuf the event is created here from the request,
     * with a new id and {@code receivedMillis} as its received date.
     */
    ObjectNode preprocessedEvent(byte[] value, long receivedMillis) throws IOException {
        if (this == JSON) {
            return (ObjectNode) MAPPER.readTree(value);
        }
        ObjectNode pre = decode(() -> SiteWhereProtobuf.preprocessed(value));
        JsonNode c = pre.path("context");
        ActiveAssignment assignment = new ActiveAssignment(UUID.fromString(c.path("deviceId").asText()),
                c.path("deviceToken").asText(), UUID.fromString(c.path("deviceTypeId").asText()),
                UUID.fromString(c.path("deviceAssignmentId").asText()), c.path("deviceAssignmentId").asText(),
                uuid(c, "customerId"), uuid(c, "areaId"), uuid(c, "assetId"));
        RequestType type = RequestType.byName(pre.path("type").asText())
                .orElseThrow(() -> new IOException("inbound value of unknown type " + pre.path("type")));
        ObjectNode out = MAPPER.createObjectNode();
        out.set("context", c);
        out.set("event", DeviceEvents.create(type, pre.path("request"), assignment, UUID.randomUUID(), receivedMillis));
        return out;
    }

    /** An outbound-events value of {@code {context?, event}}. */
    byte[] processed(ObjectNode value) throws IOException {
        return this == JSON ? MAPPER.writeValueAsBytes(value) : encode(() -> SiteWhereProtobuf.processed(value));
    }

    /** {@code {context?, event}} of an outbound-events value. */
    JsonNode processed(byte[] value) throws IOException {
        return this == JSON ? MAPPER.readTree(value) : decode(() -> SiteWhereProtobuf.processed(value));
    }

    private static Optional<UUID> uuid(JsonNode o, String field) {
        return o.hasNonNull(field) ? Optional.of(UUID.fromString(o.get(field).asText())) : Optional.empty();
    }

    private interface Conversion<T> {
        T run();
    }

    private static byte[] encode(Conversion<byte[]> c) throws IOException {
        try {
            return c.run();
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot write as SiteWhere protobuf: " + e.getMessage(), e);
        }
    }

    private static ObjectNode decode(Conversion<ObjectNode> c) throws IOException {
        try {
            return c.run();
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read SiteWhere protobuf: " + e.getMessage(), e);
        }
    }
}
