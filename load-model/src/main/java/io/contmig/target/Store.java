package io.contmig.target;

import java.util.Arrays;
import java.util.Optional;

/** The parts of a tenant that live on one site and can be moved: its three stores and its pipeline stage. */
public enum Store {
    POSTGRESQL("postgresql"),
    KAFKA("kafka"),
    INFLUXDB("influxdb"),
    /** The tenant's pipeline stage (the SiteWhere microservices' work for it); moved by placement changes. */
    PIPELINE("pipeline");

    private final String label;

    Store(String label) {
        this.label = label;
    }

    /** The name used in scenarios, marks and reports. */
    public String label() {
        return label;
    }

    /** The store labelled {@code label}, if any. */
    public static Optional<Store> byLabel(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
    }
}
