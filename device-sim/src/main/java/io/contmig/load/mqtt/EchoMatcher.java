package io.contmig.load.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.sitewhere.SiteWhereNames;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Matches the events SiteWhere sends on its outbound topics to the fleet's publishes, by (deviceId, or else
 * deviceToken → device, {@code metadata.seq}), and records each match as an {@code mqtt.e2e} sample timed from the
 * publish's intended start.
 *
 * <p>Thread-safe (called on Paho's callback thread; the maps are only read, the devices' echo books are
 * thread-safe). An unparseable or unknown event, or one already matched, only counts as unmatched; it never throws.
 */
final class EchoMatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, FleetDevice> byDeviceId;
    private final Map<String, FleetDevice> byToken;
    private final int[] echoOps;
    private final SampleRecorder recorder;
    private final RunClock clock;
    private final LongAdder echoesMatched = new LongAdder();
    private final LongAdder echoesUnmatched = new LongAdder();

    /** {@code echoOps[t]}: the {@code mqtt.e2e} operation of the devices' tenant index {@code t}. */
    EchoMatcher(Map<String, FleetDevice> byDeviceId, Map<String, FleetDevice> byToken, int[] echoOps,
                SampleRecorder recorder, RunClock clock) {
        this.byDeviceId = byDeviceId;
        this.byToken = byToken;
        this.echoOps = echoOps;
        this.recorder = recorder;
        this.clock = clock;
    }

    void onEcho(String topic, MqttMessage message) {
        long now = clock.nanos();
        FleetDevice d;
        long seq;
        try {
            JsonNode event = JSON.readTree(message.getPayload());
            JsonNode seqNode = event.path("metadata").path(SiteWhereNames.SEQ_METADATA_KEY);
            seq = seqNode.isTextual() ? Long.parseLong(seqNode.textValue()) : seqNode.asLong(-1);
            d = byDeviceId.get(event.path("deviceId").asText(""));
            if (d == null) {
                d = byToken.get(event.path("deviceToken").asText(""));
            }
        } catch (IOException | NumberFormatException e) {
            echoesUnmatched.increment();
            return;
        }
        if (d == null || seq < 1) {
            echoesUnmatched.increment();
            return;
        }
        long intended = d.resolveEcho(seq);
        if (intended == Long.MIN_VALUE) {
            echoesUnmatched.increment();
            return;
        }
        echoesMatched.increment();
        recorder.record(echoOps[d.tenantIndex], intended, intended, now, true);
    }

    long matched() {
        return echoesMatched.sum();
    }

    long unmatched() {
        return echoesUnmatched.sum();
    }
}
