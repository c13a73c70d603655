package io.contmig.sandbox.pipeline;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code type} values of SiteWhere's JSON device request ({@code IDeviceRequest.Type}), with the fields each
 * {@code request} body may hold (Jackson's {@code FAIL_ON_UNKNOWN_PROPERTIES} in SiteWhere: any other field fails
 * the decode) and the {@code eventType} of the event it creates, if it creates one.
 */
public enum RequestType {
    RegisterDevice(null, Set.of("token", "deviceTypeToken", "parentDeviceToken", "comments", "status", "metadata",
            "customerToken", "areaToken", "assetToken", "parentDeviceId", "deviceElementMappings")),
    DeviceLocation("Location", Set.of("latitude", "longitude", "elevation")),
    DeviceAlert("Alert", Set.of("type", "message", "level", "source")),
    DeviceMeasurement("Measurement", Set.of("name", "value")),
    DeviceStream(null, Set.of("streamId", "contentType", "metadata")),
    DeviceStreamData(null, Set.of("streamId", "sequenceNumber", "data", "eventDate", "updateState", "metadata")),
    Acknowledge("CommandResponse", Set.of("originatingEventId", "responseEventId", "response"));

    /** Fields of SiteWhere's {@code DeviceEventCreateRequest}, common to every event-create request. */
    static final Set<String> EVENT_FIELDS = Set.of("alternateId", "eventType", "eventDate", "updateState", "metadata");

    private final String eventType;
    private final Set<String> ownFields;

    RequestType(String eventType, Set<String> ownFields) {
        this.eventType = eventType;
        this.ownFields = ownFields;
    }

    /** The {@code eventType} of the stored event ({@code Measurement}, ...), empty when no event is created. */
    public Optional<String> eventType() {
        return Optional.ofNullable(eventType);
    }

    /** Whether {@code field} may appear in this type's {@code request}. */
    boolean allows(String field) {
        return ownFields.contains(field) || (eventType != null && EVENT_FIELDS.contains(field));
    }

    /** The type named {@code name} exactly, if any. */
    public static Optional<RequestType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }
}
