package io.contmig.sandbox.devices;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the inbound pipeline needs to enrich one event of a device: the device and one of its active assignments
 * (SiteWhere's {@code GDeviceEventContext}). SiteWhere stores one event per active assignment.
 *
 * @param deviceId         {@code device.id}
 * @param deviceToken      {@code device.token}
 * @param deviceTypeId     {@code device.device_type_id}
 * @param assignmentId     {@code device_assignment.id}
 * @param assignmentToken  {@code device_assignment.token}
 * @param customerId       {@code device_assignment.customer_id}, when set
 * @param areaId           {@code device_assignment.area_id}, when set
 * @param assetId          {@code device_assignment.asset_id}, when set
 */
public record ActiveAssignment(UUID deviceId, String deviceToken, UUID deviceTypeId, UUID assignmentId,
                               String assignmentToken, Optional<UUID> customerId, Optional<UUID> areaId,
                               Optional<UUID> assetId) {

    public ActiveAssignment {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceToken, "deviceToken");
        Objects.requireNonNull(deviceTypeId, "deviceTypeId");
        Objects.requireNonNull(assignmentId, "assignmentId");
        Objects.requireNonNull(assignmentToken, "assignmentToken");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(areaId, "areaId");
        Objects.requireNonNull(assetId, "assetId");
    }
}
