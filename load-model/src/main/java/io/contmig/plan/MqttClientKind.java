package io.contmig.plan;

/**
 * Which MQTT client library the device fleet's publishing connections use. Both keep the same measurement rules
 * (intended start, open model, acknowledgement = PUBACK at QoS ≥ 1); they differ in what a connection costs.
 */
public enum MqttClientKind {
    /** Eclipse Paho v3: three threads per connection, so per-device mode stops at a few thousand devices. */
    PAHO("paho"),
    /** HiveMQ's Netty-based client: every connection on one small shared event loop group. */
    HIVEMQ("hivemq");

    private final String label;

    MqttClientKind(String label) {
        this.label = label;
    }

    /** The name used in scenarios and {@code plan.json}. */
    public String label() {
        return label;
    }
}
