package io.contmig.sitewhere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GDecodedEventPayload;

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
     * The seq of a decoded-event value (topic {@link SiteWhereNames#decodedEventsTopic()}) in either form SiteWhere's
     * pipeline may write: the sandbox's JSON ({@code request.metadata.seq}) or SiteWhere 3's protobuf
     * {@code GDecodedEventPayload} ({@code event.<measurement|location|alert>.event.metadata.seq}); 0 when the value is
     * neither or carries no numeric seq. A JSON object starts with {@code '{'} (0x7B), which as a protobuf tag would be
     * field 15 with a group wire type — never a field of {@code GDecodedEventPayload} — so the first byte tells the
     * forms apart.
     */
    public static long ofDecodedEvent(byte[] value) {
        if (value == null || value.length == 0) {
            return 0;
        }
        return firstNonBlank(value) == '{' ? ofJson(value) : ofProtobuf(value);
    }

    private static long ofJson(byte[] value) {
        try {
            JsonNode seq = JSON.readTree(value).path("request").path("metadata").path(SiteWhereNames.SEQ_METADATA_KEY);
            return seq.isMissingNode() || seq.isNull() ? 0 : Long.parseLong(seq.asText());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static long ofProtobuf(byte[] value) {
        try {
            String seq = SiteWhereProtobuf.metadata(GDecodedEventPayload.parseFrom(value).getEvent())
                    .get(SiteWhereNames.SEQ_METADATA_KEY);
            return seq == null ? 0 : Long.parseLong(seq.strip());
        } catch (InvalidProtocolBufferException | NumberFormatException e) {
            return 0;
        }
    }

    private static byte firstNonBlank(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
        }
        return 0;
    }
}
