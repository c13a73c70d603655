package io.contmig.sandbox.rest;

import java.util.Objects;
import java.util.UUID;

/**
 * An event the REST API stored, as handed to an {@link EventSink}.
 *
 * @param tenant          the tenant token
 * @param deviceId        the device's UUID (the key of {@code outbound-events})
 * @param eventId         the event's UUID ({@code eid} in InfluxDB)
 * @param deviceEventJson SiteWhere's {@code DeviceEvent} JSON as its outbound connectors write it ({@code id},
 *                        {@code eventType}, {@code deviceId}, {@code deviceAssignmentId}, {@code customerId},
 *                        {@code areaId}, {@code assetId}, {@code eventDate} and {@code receivedDate} as epoch
 *                        milliseconds, {@code metadata}, then the type's fields such as {@code name}, {@code value})
 */
public record PersistedEvent(String tenant, UUID deviceId, UUID eventId, String deviceEventJson) {

    public PersistedEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(deviceEventJson, "deviceEventJson");
    }
}
