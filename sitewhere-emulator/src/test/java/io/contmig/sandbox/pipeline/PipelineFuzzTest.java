package io.contmig.sandbox.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.ActiveAssignment;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the MQTT payload → InfluxDB line path: whatever a device publishes, the decoder either
 * refuses it ({@link DecodeException}) or the event it accepts becomes exactly one valid line-protocol point — no
 * other exception, no raw newline outside a quoted string, a timestamp InfluxDB accepts. Every {@code mvn test}
 * replays the corpus in {@code src/test/resources/.../PipelineFuzzTestInputs/} (the hostile payloads among
 * them); {@code JAZZER_FUZZ=1 mvn test -Dtest=PipelineFuzzTest} fuzzes for {@code maxDuration}.
 */
class PipelineFuzzTest {

    private static final EventDecoder DECODER = new EventDecoder();
    private static final ActiveAssignment ASSIGNED = new ActiveAssignment(UUID.randomUUID(), "dev", UUID.randomUUID(),
            UUID.randomUUID(), "asg", Optional.of(UUID.randomUUID()), Optional.empty(), Optional.empty());

    @FuzzTest(maxDuration = "60s")
    void anAcceptedPayloadIsAlwaysOneValidPoint(byte[] payload) {
        DecodedRequest request;
        try {
            request = DECODER.decode(payload);
        } catch (DecodeException refused) {
            return;
        }
        if (request.type().eventType().isEmpty()) {
            return;
        }
        ObjectNode event = DeviceEvents.create(request.type(), request.request(), ASSIGNED, UUID.randomUUID(),
                1_700_000_000_000L);
        DeviceEvents.addPrecision(event);
        String line = DeviceEvents.point(event);
        assertOneLine(line);
    }

    /**
     * InfluxDB 1.x's own line splitter ({@code models.scanLine}), as the oracle: the point must be one line, i.e. no
     * newline or other control character outside a quoted field value. Quotes count only in the field set and only
     * after an {@code =} (a quote in a tag or a field key is a plain character), and a backslash skips the next byte.
     */
    static void assertOneLine(String line) {
        boolean fields = false;
        boolean quoted = false;
        int equals = 0;
        int commas = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 2 < line.length()) {
                i++;
                continue;
            }
            if (c == ' ') {
                fields = true;
            }
            if (fields && !quoted && c == '=') {
                equals++;
            } else if (fields && !quoted && c == ',') {
                commas++;
            } else if (fields && c == '"' && equals > commas) {
                quoted = !quoted;
            } else if (!quoted) {
                assertThat(Character.isISOControl(c)).as("control character outside a quoted value in %s", line)
                        .isFalse();
            }
        }
        assertThat(quoted).as("unterminated string in %s", line).isFalse();
        assertThat(line.substring(line.lastIndexOf(' ') + 1)).as("timestamp of %s", line).matches("-?\\d+");
    }
}
