package io.contmig.load.mqtt;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A device as provisioned: its token (in every payload) and its id (the UUID SiteWhere puts in outbound events as
 * {@code deviceId}, by which the fleet matches echoes). {@code deviceId} is {@code ""} when unknown; such a device's
 * end-to-end latency cannot be matched.
 */
public record DeviceIdentity(String token, String deviceId) {

    /** SiteWhere's rule for device tokens. */
    private static final Pattern TOKEN = Pattern.compile("[\\w-]+");

    public DeviceIdentity {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(deviceId, "deviceId");
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("device token '" + token + "' must match [A-Za-z0-9_-]+");
        }
    }
}
