package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.SiteWhereErrorCode;

import java.util.Map;

/** A REST response: status, optional JSON body (none: no body at all), extra headers. Immutable. */
record Reply(int status, JsonNode body, Map<String, String> headers) {

    static Reply ok(JsonNode body) {
        return new Reply(200, body, Map.of());
    }

    static Reply empty(int status) {
        return new Reply(status, null, Map.of());
    }

    /** SiteWhere's error answer: body {@code {"message","errorCode","errorDescription"}} and its two error headers. */
    static Reply error(int status, SiteWhereErrorCode code, String message) {
        ObjectNode body = SiteWhereJson.MAPPER.createObjectNode();
        body.put("message", message);
        body.put("errorCode", code.code());
        body.put("errorDescription", code.description());
        // Header values cannot hold line breaks.
        String header = message == null ? "" : message.replaceAll("[\\r\\n]+", " ");
        return new Reply(status, body, Map.of(SiteWhereRestServer.HEADER_ERROR, header,
                SiteWhereRestServer.HEADER_ERROR_CODE, Long.toString(code.code())));
    }
}
