package io.contmig.load.rest;

import java.util.List;
import java.util.Objects;

/**
 * What REST requests of one tenant read and write: its devices' tokens and their active assignments (from
 * provisioning).
 */
public record RestTargets(String tenant, List<String> deviceTokens, List<String> assignmentTokens) {

    public RestTargets {
        Objects.requireNonNull(tenant, "tenant");
        deviceTokens = List.copyOf(deviceTokens);
        assignmentTokens = List.copyOf(assignmentTokens);
        if (deviceTokens.isEmpty() || assignmentTokens.isEmpty()) {
            throw new IllegalArgumentException("tenant " + tenant + ": REST load needs at least one device and one "
                    + "assignment (devices " + deviceTokens.size() + ", assignments " + assignmentTokens.size() + ")");
        }
    }
}
