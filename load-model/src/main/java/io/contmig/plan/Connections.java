package io.contmig.plan;

/** How simulated devices share MQTT connections. */
public enum Connections {
    /** One MQTT connection per device, as real devices do. */
    PER_DEVICE("per-device"),
    /** One connection shared by every device of a tenant (cheaper; for large fleets on one machine). */
    SHARED("shared");

    private final String label;

    Connections(String label) {
        this.label = label;
    }

    /** The name used in scenarios and {@code plan.json}. */
    public String label() {
        return label;
    }
}
