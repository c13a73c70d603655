package io.contmig.load.iotlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a device's serial line into measurements. Pluggable; {@link #openlabAndJson()} understands the openlab
 * examples' {@code "<Name> measure: <float> [unit]"} lines (after shell prompts like {@code cmd > }) and JSON objects
 * whose numeric fields become one measurement each. Anything else maps to no reading (counted as "ignored" by the
 * bridge). Implementations must be thread-safe or used from one thread.
 */
@FunctionalInterface
public interface PayloadMapper {

    /** One measurement. */
    record Reading(String name, double value) { }

    /** The readings in {@code payload}; empty when it carries none. Never throws. */
    List<Reading> map(String payload);

    /** The default mapper. */
    static PayloadMapper openlabAndJson() {
        Pattern prompt = Pattern.compile("^(?:[A-Za-z]*\\s*>\\s*)+");
        Pattern measure = Pattern.compile("^([A-Za-z][A-Za-z ]*?) measure: ([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)(?:\\s+\\S+)?\\s*$");
        ObjectMapper json = new ObjectMapper();
        return payload -> {
            String text = prompt.matcher(payload.trim()).replaceFirst("");
            Matcher m = measure.matcher(text);
            if (m.matches()) {
                String name = m.group(1).trim().toLowerCase(Locale.ROOT).replace(' ', '.');
                return List.of(new Reading(name, Double.parseDouble(m.group(2))));
            }
            if (text.startsWith("{")) {
                try {
                    JsonNode node = json.readTree(text);
                    List<Reading> readings = new ArrayList<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (e.getValue().isNumber()) {
                            readings.add(new Reading(e.getKey(), e.getValue().asDouble()));
                        }
                    }
                    return readings;
                } catch (Exception invalidJson) {
                    // Real firmware prints broken JSON (a stray quote): no reading.
                    return List.of();
                }
            }
            return List.of();
        };
    }
}
