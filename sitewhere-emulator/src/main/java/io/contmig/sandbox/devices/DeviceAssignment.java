package io.contmig.sandbox.devices;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code devicemanagement.device_assignment} with its metadata; optional columns are {@code null} when
 * unset. {@code status} is SiteWhere's {@code DeviceAssignmentStatus}: {@code Active}, {@code Missing} or
 * {@code Released}.
 */
public record DeviceAssignment(UUID id, String token, UUID deviceId, UUID deviceTypeId, UUID customerId,
                               UUID areaId, UUID assetId, String status, Instant activeDate, Instant releasedDate,
                               Instant createdDate, String createdBy, Instant updatedDate, String updatedBy,
                               Map<String, String> metadata) {

    public DeviceAssignment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        metadata = Map.copyOf(metadata);
    }
}
