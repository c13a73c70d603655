package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sitewhere.LineProtocolSyntax;
import io.contmig.sitewhere.SiteWhereNames;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decodes SiteWhere's JSON device requests as strictly as SiteWhere 3.0's {@code JsonDeviceRequestMarshaler}: the
 * payload must be a JSON object with {@code deviceToken}, a known {@code type} and a {@code request} object whose
 * fields all belong to that type and have values Jackson would bind (numbers for {@code BigDecimal}s, epoch
 * millis or ISO-8601 for dates, the enum names for alert {@code level} and {@code source}, UUIDs for ids).
 * Unknown top-level fields are ignored, as SiteWhere reads the top level field by field.
 *
 * <p>Stricter than SiteWhere where a value could not be stored in InfluxDB and would stop the tenant's persistence:
 * numbers must be finite doubles, dates within InfluxDB's time range, a measurement's name free of control
 * characters, an alert's {@code type} (an InfluxDB tag) and metadata keys (field keys) writable as line protocol
 * ({@link LineProtocolSyntax#keyProblem}).
 *
 * <p>Stateless and thread-safe.
 */
public final class EventDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ALERT_LEVELS = Set.of("Info", "Warning", "Error", "Critical");
    private static final Set<String> ALERT_SOURCES = Set.of("Device", "System");

    /** Decodes one MQTT payload; throws {@link DecodeException} saying what SiteWhere would have refused. */
    public DecodedRequest decode(byte[] payload) throws DecodeException {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new DecodeException("payload is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new DecodeException("payload is not a JSON object");
        }
        JsonNode token = root.get("deviceToken");
        if (token == null || token.isNull() || !token.isValueNode() || token.asText().isEmpty()) {
            throw new DecodeException("Device token is missing");
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new DecodeException("type is missing");
        }
        RequestType type = RequestType.byName(typeNode.asText())
                .orElseThrow(() -> new DecodeException("type (" + typeNode.asText() + ") is unknown"));
        JsonNode request = root.get("request");
        if (request == null || !request.isObject()) {
            throw new DecodeException("request is missing or not an object");
        }
        validateRequest(type, request);
        JsonNode originator = root.get("originator");
        Optional<String> origin = originator == null || originator.isNull()
                ? Optional.empty() : Optional.of(originator.asText());
        return new DecodedRequest(token.asText(), origin, type, (ObjectNode) request);
    }

    /**
     * Checks a {@code request} body of {@code type} the way SiteWhere's Jackson binding does; also what the REST
     * API uses for posted events. Throws {@link DecodeException} naming the offending field.
     */
    public static void validateRequest(RequestType type, JsonNode request) throws DecodeException {
        if (!request.isObject()) {
            throw new DecodeException("request is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!type.allows(name)) {
                throw new DecodeException("request." + name + ": unrecognized field for " + type.name());
            }
            if (value.isNull()) {
                continue;
            }
            switch (name) {
                case "value", "latitude", "longitude", "elevation" -> requireDecimal(name, value);
                case "eventDate" -> requireDate(name, value);
                case "updateState" -> {
                    if (!value.isBoolean()) {
                        throw new DecodeException("request.updateState (" + value + ") is not a boolean");
                    }
                }
                case "metadata" -> requireStringMap(name, value);
                case "name" -> requireNoControl(name, value);
                case "type" -> requireKey(name, value.asText(), value);
                case "level" -> requireOneOf(name, value, ALERT_LEVELS);
                case "source" -> requireOneOf(name, value, ALERT_SOURCES);
                case "originatingEventId", "responseEventId" -> requireUuid(name, value);
                case "deviceElementMappings" -> {
                    if (!value.isArray()) {
                        throw new DecodeException("request." + name + " is not an array");
                    }
                }
                default -> requireScalar(name, value);
            }
        }
        if (type == RequestType.DeviceMeasurement && !request.hasNonNull("name")) {
            throw new DecodeException("request.name is missing (a measurement needs a name)");
        }
    }

    private static void requireScalar(String name, JsonNode value) throws DecodeException {
        if (!value.isValueNode()) {
            throw new DecodeException("request." + name + " (" + value + ") is not a string");
        }
    }

    private static void requireDecimal(String name, JsonNode value) throws DecodeException {
        double number;
        if (value.isNumber()) {
            number = value.asDouble();
        } else if (value.isTextual()) {
            try {
                number = new BigDecimal(value.asText().trim()).doubleValue();
            } catch (NumberFormatException e) {
                throw new DecodeException("request." + name + " (" + value + ") is not a number");
            }
        } else {
            throw new DecodeException("request." + name + " (" + value + ") is not a number");
        }
        // SiteWhere would store a BigDecimal; InfluxDB stores a double and answers 400 to an infinite one.
        if (!Double.isFinite(number)) {
            throw new DecodeException("request." + name + " is not a finite number (it overflows a double)");
        }
    }

    private static void requireDate(String name, JsonNode value) throws DecodeException {
        long millis;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            millis = value.asLong();
        } else if (value.isTextual()) {
            try {
                millis = parseDate(value.asText());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new DecodeException("request." + name + " (" + value
                        + ") is not epoch millis nor an ISO-8601 date");
            }
        } else {
            throw new DecodeException("request." + name + " (" + value + ") is not epoch millis nor an ISO-8601 date");
        }
        if (millis < LineProtocolSyntax.MIN_MILLIS || millis > LineProtocolSyntax.MAX_MILLIS) {
            throw new DecodeException("request." + name + " (" + value + ") is outside InfluxDB's time range "
                    + "(1677-09-21T00:12:43.146Z to 2262-04-11T23:47:16.854Z)");
        }
    }

    /** Refuses a value that will be an InfluxDB tag (e.g. an alert's type) and could not be written as one. */
    private static void requireKey(String name, String text, JsonNode value) throws DecodeException {
        requireScalar(name, value);
        Optional<String> problem = LineProtocolSyntax.keyProblem(text);
        if (problem.isPresent() && !text.isEmpty()) {
            throw new DecodeException("request." + name + " (" + LineProtocolSyntax.printable(text) + ") "
                    + problem.get());
        }
    }

    /** Refuses control characters in a name (e.g. a measurement's): they are never meant, and break consumers. */
    private static void requireNoControl(String name, JsonNode value) throws DecodeException {
        requireScalar(name, value);
        String text = value.asText();
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new DecodeException("request." + name + " (" + LineProtocolSyntax.printable(text)
                    + ") holds a control character");
        }
    }

    private static void requireStringMap(String name, JsonNode value) throws DecodeException {
        if (!value.isObject()) {
            throw new DecodeException("request." + name + " (" + value + ") is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            // Each key becomes the InfluxDB field key meta:<key>.
            Optional<String> problem = LineProtocolSyntax.keyProblem(SiteWhereNames.FIELD_META_PREFIX + entry.getKey());
            if (problem.isPresent()) {
                throw new DecodeException("request." + name + " key (" + LineProtocolSyntax.printable(entry.getKey())
                        + ") " + problem.get());
            }
            if (!entry.getValue().isValueNode()) {
                throw new DecodeException("request." + name + "." + entry.getKey() + " (" + entry.getValue()
                        + ") is not a string");
            }
        }
    }

    private static void requireOneOf(String name, JsonNode value, Set<String> allowed) throws DecodeException {
        if (!value.isTextual() || !allowed.contains(value.asText())) {
            throw new DecodeException("request." + name + " (" + value + ") must be one of " + allowed);
        }
    }

    private static void requireUuid(String name, JsonNode value) throws DecodeException {
        try {
            UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw new DecodeException("request." + name + " (" + value + ") is not a UUID");
        }
    }

    /** Epoch millis of an ISO-8601 date with offset ({@code 2021-03-25T10:15:30.000Z}) or an instant. */
    static long parseDate(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
    }

    /** Epoch millis of a validated {@code eventDate} node, or {@code fallback} when absent or null. */
    static long eventDateMillis(JsonNode request, long fallback) {
        JsonNode date = request.get("eventDate");
        if (date == null || date.isNull()) {
            return fallback;
        }
        return date.isNumber() ? date.asLong() : parseDate(date.asText());
    }
}
