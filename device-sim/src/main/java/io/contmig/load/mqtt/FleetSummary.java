package io.contmig.load.mqtt;

import io.contmig.plan.MqttClientKind;

import java.util.Locale;

/**
 * What the fleet did, for the report header: connection mode, counts, and generator health.
 *
 * @param mode              per-device or shared connections
 * @param client            the client library of the publishing connections
 * @param tenants           tenants driven
 * @param devices           simulated devices
 * @param connections       MQTT publishing connections opened
 * @param published         events handed to the network
 * @param acknowledged      events acknowledged by the broker (QoS ≥ 1)
 * @param publishFailures   intended events that failed (not connected, refused by Paho, or no PUBACK)
 * @param echoesMatched     outbound echoes matched to a publish by (device, seq)
 * @param echoesTimedOut    events whose echo never came before the drain deadline
 * @param echoesUnmatched   outbound messages that matched no pending event (duplicates, unknown devices)
 * @param reconnects        successful reconnections after a connection loss
 * @param health            send lag behind intended starts
 */
public record FleetSummary(ConnectionMode mode, MqttClientKind client, int tenants, int devices, int connections, long published,
                           long acknowledged, long publishFailures, long echoesMatched, long echoesTimedOut,
                           long echoesUnmatched, long reconnects, GeneratorHealth health) {

    /** One paragraph of text. */
    public String describe() {
        return String.format(Locale.ROOT,
                "MQTT fleet: %d devices of %d tenants over %d %s %s connections; %d published, %d acknowledged, "
                        + "%d failed; echoes %d matched, %d timed out, %d unmatched; %d reconnects; %s",
                devices, tenants, connections, mode.label(), client.label(), published, acknowledged, publishFailures, echoesMatched,
                echoesTimedOut, echoesUnmatched, reconnects, health.describe());
    }
}
