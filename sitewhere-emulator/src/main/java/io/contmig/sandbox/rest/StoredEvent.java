package io.contmig.sandbox.rest;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One device event as SiteWhere's {@code DeviceEvent} holds it, stored in and read back from InfluxDB.
 *
 * @param id            the event UUID ({@code eid})
 * @param alternateId   the client's alternate id ({@code altid}), or {@code null}
 * @param kind          measurement, location or alert
 * @param deviceId      the device UUID ({@code device} tag)
 * @param assignmentId  the assignment UUID ({@code assignment} tag)
 * @param customerId    {@code customer} tag, or {@code null}
 * @param areaId        {@code area} tag, or {@code null}
 * @param assetId       {@code asset} tag, or {@code null}
 * @param eventDate     the point's time
 * @param receivedDate  when the server received it ({@code rcvdate})
 * @param metadata      {@code meta:<key>} fields
 * @param values        the kind's own fields in SiteWhere's JSON names: {@code name}, {@code value} (measurement);
 *                      {@code latitude}, {@code longitude}, {@code elevation} (location); {@code type},
 *                      {@code level}, {@code source}, {@code message} (alert)
 */
public record StoredEvent(UUID id, String alternateId, EventKind kind, UUID deviceId, UUID assignmentId,
                          UUID customerId, UUID areaId, UUID assetId, Instant eventDate, Instant receivedDate,
                          Map<String, String> metadata, Map<String, Object> values) {

    public StoredEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(assignmentId, "assignmentId");
        Objects.requireNonNull(eventDate, "eventDate");
        Objects.requireNonNull(receivedDate, "receivedDate");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
