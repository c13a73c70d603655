package io.contmig.sandbox.devices;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * SiteWhere's {@code DeviceAssignmentCreateRequest}. {@code deviceToken} is required; {@code token} defaults to a
 * random UUID, {@code status} to {@code Active}. Unknown JSON fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceAssignmentCreateRequest(String token, String deviceToken, String customerToken,
                                            String areaToken, String assetToken, String status,
                                            Map<String, String> metadata) {

    public DeviceAssignmentCreateRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
