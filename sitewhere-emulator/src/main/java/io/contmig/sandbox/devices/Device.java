package io.contmig.sandbox.devices;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** One row of {@code devicemanagement.device} with its metadata; optional columns are {@code null} when unset. */
public record Device(UUID id, String token, UUID deviceTypeId, UUID parentDeviceId, String comments, String status,
                     Instant createdDate, String createdBy, Instant updatedDate, String updatedBy,
                     Map<String, String> metadata) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(deviceTypeId, "deviceTypeId");
        metadata = Map.copyOf(metadata);
    }
}
