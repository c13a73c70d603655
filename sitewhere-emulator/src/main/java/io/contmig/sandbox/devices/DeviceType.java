package io.contmig.sandbox.devices;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code devicemanagement.device_type} with its metadata. Optional columns are {@code null} when unset,
 * as in the table.
 */
public record DeviceType(UUID id, String token, String name, String description, String imageUrl, String icon,
                         String backgroundColor, String foregroundColor, String borderColor, String containerPolicy,
                         Instant createdDate, String createdBy, Instant updatedDate, String updatedBy,
                         Map<String, String> metadata) {

    public DeviceType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        metadata = Map.copyOf(metadata);
    }
}
