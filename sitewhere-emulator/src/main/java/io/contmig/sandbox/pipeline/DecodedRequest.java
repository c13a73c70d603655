package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.Optional;

/**
 * One decoded device request ({@code GDecodedEventPayload} without the source id).
 *
 * @param deviceToken the device's token
 * @param originator  SiteWhere's optional originator
 * @param type        the request type
 * @param request     the request body exactly as sent (already validated)
 */
public record DecodedRequest(String deviceToken, Optional<String> originator, RequestType type, ObjectNode request) {

    public DecodedRequest {
        Objects.requireNonNull(deviceToken, "deviceToken");
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
    }
}
