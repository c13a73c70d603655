package io.contmig.sandbox.rest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The device event kinds the REST API creates and lists: SiteWhere's {@code DeviceEventType} names (the
 * {@code type} tag in InfluxDB and {@code eventType} in JSON) and the path segment under
 * {@code /assignments/{token}/}.
 */
public enum EventKind {
    MEASUREMENT("Measurement", "measurements"),
    LOCATION("Location", "locations"),
    ALERT("Alert", "alerts");

    private final String typeName;
    private final String pathSegment;

    EventKind(String typeName, String pathSegment) {
        this.typeName = typeName;
        this.pathSegment = pathSegment;
    }

    /** SiteWhere's event type name, e.g. {@code Measurement}. */
    public String typeName() {
        return typeName;
    }

    /** The REST path segment, e.g. {@code measurements}. */
    public String pathSegment() {
        return pathSegment;
    }

    /** The kind served under path segment {@code segment}, if any. */
    public static Optional<EventKind> byPathSegment(String segment) {
        return Arrays.stream(values()).filter(k -> k.pathSegment.equals(segment)).findFirst();
    }

    /** The kind of SiteWhere type name {@code typeName}, if any. */
    public static Optional<EventKind> byTypeName(String typeName) {
        return Arrays.stream(values()).filter(k -> k.typeName.equals(typeName)).findFirst();
    }
}
