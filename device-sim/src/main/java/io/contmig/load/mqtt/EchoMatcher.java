package io.contmig.load.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.sitewhere.PipelineHops;
import io.contmig.sitewhere.SiteWhereNames;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Matches the events SiteWhere sends on its outbound topics to the fleet's publishes, by (deviceId, or else
 * deviceToken → device, {@code metadata.seq}), and records each match as an {@code mqtt.e2e} sample timed from the
 * publish's intended start; the pipeline hops an echo carries ({@link PipelineHops}, the sandbox's) become
 * {@code hop.<name>} samples of the same intended start.
 *
 * <p>Called on one thread (Paho's callback thread of the echo connection; the lazily registered hop operation ids
 * are that thread's); the maps are only read, the devices' echo books are thread-safe. An unparseable or unknown
 * event, or one already matched, only counts as unmatched; it never throws.
 */
final class EchoMatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, FleetDevice> byDeviceId;
    private final Map<String, FleetDevice> byToken;
    private final int[] echoOps;
    private final String[] tenantNames;
    /** {@code hopOps[t][h]}: operation {@code hop.<HOPS[h]>} of tenant index t, registered on first use (-1). */
    private final int[][] hopOps;
    private final SampleRecorder recorder;
    private final RunClock clock;
    private final LongAdder echoesMatched = new LongAdder();
    private final LongAdder echoesUnmatched = new LongAdder();

    /**
     * {@code echoOps[t]}: the {@code mqtt.e2e} operation of the devices' tenant index {@code t}, whose name is
     * {@code tenantNames[t]}.
     */
    EchoMatcher(Map<String, FleetDevice> byDeviceId, Map<String, FleetDevice> byToken, int[] echoOps,
                String[] tenantNames, SampleRecorder recorder, RunClock clock) {
        this.byDeviceId = byDeviceId;
        this.byToken = byToken;
        this.echoOps = echoOps;
        this.tenantNames = tenantNames.clone();
        this.hopOps = new int[tenantNames.length][PipelineHops.HOPS.size()];
        for (int[] ops : hopOps) {
            java.util.Arrays.fill(ops, -1);
        }
        this.recorder = recorder;
        this.clock = clock;
    }

    void onEcho(String topic, MqttMessage message) {
        long now = clock.nanos();
        FleetDevice d;
        long seq;
        String hops;
        try {
            JsonNode event = JSON.readTree(message.getPayload());
            JsonNode seqNode = event.path("metadata").path(SiteWhereNames.SEQ_METADATA_KEY);
            seq = seqNode.isTextual() ? Long.parseLong(seqNode.textValue()) : seqNode.asLong(-1);
            hops = event.path("metadata").path(PipelineHops.METADATA_KEY).asText("");
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
        recordHops(d.tenantIndex, intended, hops);
    }

    /**
     * Records each pipeline hop the echo carries as {@code hop.<name>}, timed from the event's intended start (so it
     * falls in the same window and phase as its {@code mqtt.e2e}) with the hop's duration as its latency.
     */
    private void recordHops(int tenant, long intended, String hops) {
        long[] micros = PipelineHops.hopMicros(hops);
        for (int h = 0; h < micros.length; h++) {
            int op = hopOps[tenant][h];
            if (op < 0) {
                op = recorder.operation("hop." + PipelineHops.HOPS.get(h), tenantNames[tenant]);
                hopOps[tenant][h] = op;
            }
            recorder.record(op, intended, intended, intended + micros[h] * 1_000L, true);
        }
    }

    long matched() {
        return echoesMatched.sum();
    }

    long unmatched() {
        return echoesUnmatched.sum();
    }
}
