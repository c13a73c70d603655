package io.contmig.sandbox.devices;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * SiteWhere's {@code DeviceCreateRequest} (the fields the sandbox keeps). {@code token} must match
 * {@code ^[\w-]+$} and {@code deviceTypeToken} must name a device type. Unknown JSON fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceCreateRequest(String token, String deviceTypeToken, String parentDeviceToken, String comments,
                                  String status, Map<String, String> metadata) {

    public DeviceCreateRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
