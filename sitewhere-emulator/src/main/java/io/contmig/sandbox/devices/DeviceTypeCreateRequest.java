package io.contmig.sandbox.devices;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * SiteWhere's {@code DeviceTypeCreateRequest} (the fields the sandbox keeps). {@code name}, {@code imageUrl} and
 * {@code containerPolicy} ({@code Standalone|Composite}) are required; {@code token} defaults to a random UUID.
 * Unknown JSON fields are ignored, as by SiteWhere's REST layer.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceTypeCreateRequest(String token, String name, String description, String imageUrl, String icon,
                                      String backgroundColor, String foregroundColor, String borderColor,
                                      String containerPolicy, Map<String, String> metadata) {

    public DeviceTypeCreateRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
