package io.contmig.load.mqtt;

/** How simulated devices map onto MQTT connections; reported in {@link FleetSummary}. */
public enum ConnectionMode {
    /** One MQTT connection (and client id) per device, as real devices do; Paho costs 3 threads per connection. */
    PER_DEVICE("per-device"),
    /** A few connections per tenant shared by its devices (device {@code i} uses connection {@code i mod k}). */
    SHARED("shared");

    private final String label;

    ConnectionMode(String label) {
        this.label = label;
    }

    /** The name used in scenarios and reports. */
    public String label() {
        return label;
    }
}
