package io.contmig.load.rest;

import java.util.Objects;
import java.util.Set;

/**
 * One built-in request kind at an open-model rate (Gatling {@code constantUsersPerSec}: one request per virtual
 * user, arrivals independent of responses). Its latency tag is {@code rest.<name>}.
 *
 * @param name          one of {@link #NAMES}
 * @param ratePerSecond requests per second over all tenants (&gt; 0)
 */
public record RestRate(String name, double ratePerSecond) {

    /** The built-in request kinds. */
    public static final Set<String> NAMES = Set.of("listMeasurements", "postMeasurement", "getDevice",
            "updateDevice", "createAssignment", "listAssignments");

    public RestRate {
        Objects.requireNonNull(name, "name");
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("rest request name '" + name
                    + "' is unknown (expected one of: " + String.join(", ", new java.util.TreeSet<>(NAMES)) + ")");
        }
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rest." + name + ".ratePerSecond (" + ratePerSecond + ") must be > 0");
        }
    }
}
