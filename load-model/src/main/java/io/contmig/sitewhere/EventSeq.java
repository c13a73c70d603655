package io.contmig.sitewhere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Reads contmig's per-device sequence number back out of SiteWhere's messages: the event metadata entry
 * {@link SiteWhereNames#SEQ_METADATA_KEY} a device writes (from 1, as a decimal string), which the pipeline carries
 * into every topic and store. Stateless and thread-safe.
 */
public final class EventSeq {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventSeq() {
    }

    /**
     * The {@code request.metadata.seq} of a decoded-event JSON value (topic
     * {@link SiteWhereNames#decodedEventsTopic()}), or 0 when the value is not JSON or carries no numeric seq.
     */
    public static long ofDecodedEvent(byte[] value) {
        if (value == null) {
            return 0;
        }
        try {
            JsonNode seq = JSON.readTree(value).path("request").path("metadata").path(SiteWhereNames.SEQ_METADATA_KEY);
            return seq.isMissingNode() || seq.isNull() ? 0 : Long.parseLong(seq.asText());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
