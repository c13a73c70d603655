package io.contmig.load.rest;

import java.util.List;
import java.util.Objects;

/**
 * What REST requests of one tenant read and write: its devices' tokens and their active assignments (from
 * provisioning), and spare devices that publish no events — {@code createAssignment} gives those a second active
 * assignment for a moment, which on a publishing device would store its events twice (SiteWhere stores one event
 * per active assignment).
 */
public record RestTargets(String tenant, List<String> deviceTokens, List<String> assignmentTokens,
                          List<String> spareDeviceTokens) {

    public RestTargets {
        Objects.requireNonNull(tenant, "tenant");
        deviceTokens = List.copyOf(deviceTokens);
        assignmentTokens = List.copyOf(assignmentTokens);
        spareDeviceTokens = List.copyOf(spareDeviceTokens);
        if (deviceTokens.isEmpty() || assignmentTokens.isEmpty()) {
            throw new IllegalArgumentException("tenant " + tenant + ": REST load needs at least one device and one "
                    + "assignment (devices " + deviceTokens.size() + ", assignments " + assignmentTokens.size() + ")");
        }
    }

    /** Targets without spare devices (no {@code createAssignment}). */
    public RestTargets(String tenant, List<String> deviceTokens, List<String> assignmentTokens) {
        this(tenant, deviceTokens, assignmentTokens, List.of());
    }
}
