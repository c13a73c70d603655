package io.contmig.sitewhere;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GAlertLevel;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GAlertSource;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GOptionalString;
import io.contmig.sitewhere.proto.SiteWhereEventPayloads.GUUID;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Scalars of SiteWhere's protobuf model (UUIDs, optional strings, decimals, dates, alert enums). Stateless. */
final class ProtobufScalars {

    private ProtobufScalars() {
    }


    interface Parse<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    static <T> T parse(Parse<T> parse, String message) {
        try {
            return parse.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a " + message + ": " + e.getMessage(), e);
        }
    }

    static void uuidField(JsonNode o, String field, java.util.function.Consumer<GUUID> set) {
        if (o.hasNonNull(field)) {
            set.accept(uuid(o.get(field).asText()));
        }
    }

    static GUUID uuid(String text) {
        try {
            UUID u = UUID.fromString(text);
            return GUUID.newBuilder().setMsb(u.getMostSignificantBits()).setLsb(u.getLeastSignificantBits()).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a UUID", e);
        }
    }

    static UUID uuid(GUUID u) {
        return new UUID(u.getMsb(), u.getLsb());
    }

    static GOptionalString optional(String value) {
        return GOptionalString.newBuilder().setValue(value).build();
    }

    static String decimal(JsonNode n) {
        return n.isNumber() ? n.decimalValue().toPlainString() : n.asText();
    }

    /** Epoch milliseconds of a JSON date (number or ISO-8601 text); 0 when absent, as SiteWhere's "not set". */
    static long millis(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return 0;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        try {
            return Instant.parse(n.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date '" + n.asText() + "' is neither epoch millis nor ISO-8601", e);
        }
    }

    static void strings(JsonNode map, java.util.function.BiConsumer<String, String> put) {
        if (map.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    put.accept(e.getKey(), e.getValue().asText());
                }
            }
        }
    }

    static GAlertLevel alertLevel(String label) {
        return GAlertLevel.valueOf("ALERT_LEVEL_" + label.toUpperCase(Locale.ROOT));
    }

    static GAlertSource alertSource(String label) {
        return GAlertSource.valueOf("ALERT_SOURCE_" + label.toUpperCase(Locale.ROOT));
    }

    static String label(Enum<?> value) {
        String name = value.name();
        String last = name.substring(name.lastIndexOf('_') + 1);
        return last.charAt(0) + last.substring(1).toLowerCase(Locale.ROOT);
    }
}
