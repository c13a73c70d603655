package io.contmig.plan;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every default of a scenario, in one place: {@link PlanResolver} applies these to whatever the scenario leaves
 * unset, and {@code plan.json} shows the result. Immutable; {@link #STANDARD} is what contmig uses.
 *
 * <p>Not defaulted (a scenario must give them): each tenant's {@code name}, each injection's {@code name},
 * {@code at}, and its {@code migration}/{@code placement} (store, strategy or kind, tenant, to), each REST
 * request's {@code name}, and a profile's stage values. An injection's {@code from} defaults to where the
 * tenant's moved part is at that moment; injector options default from their {@code OptionSpec}s. Which stores,
 * strategies and placement kinds exist is not a default: the injector catalog says so.
 */
public record Defaults(String name, long seed, Duration duration, String target, WanDelays wan, String tenantSite,
                       int devicesPerTenant, double ratePerDevice, int qos, Arrivals arrivals, Connections connections,
                       Map<String, Double> mix, LoadProfile profile, double restRatePerSecond, WindowPolicy windows) {

    /** The documented defaults (root README.md, scenario reference). */
    public static final Defaults STANDARD = new Defaults(
            "contmig", 42, Duration.ofSeconds(240), "sandbox",
            new WanDelays(Duration.ofMillis(2), Duration.ofMillis(25), Duration.ofMillis(20), 0),
            "cloud", 10, 1.0, 1, Arrivals.POISSON, Connections.PER_DEVICE,
            orderedMix(), LoadProfile.of(LoadProfile.constantRate(1.0)), 1.0,
            new WindowPolicy(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(20)));

    /** The MQTT event kinds a mix may name. */
    public static final List<String> EVENT_KINDS = List.of("measurement", "location", "alert");

    /** The share of acknowledged events whose {@code mqtt.freshness} is measured. */
    public static final double FRESHNESS_SHARE = 0.05;

    /** The fleet's MQTT client library ({@code load.mqtt.client}); why this one: device-sim/README.md. */
    public static final MqttClientKind MQTT_CLIENT = MqttClientKind.HIVEMQ;

    /** The built-in REST request kinds. */
    public static final List<String> REST_REQUESTS = List.of("listMeasurements", "postMeasurement", "getDevice",
            "updateDevice", "createAssignment", "listAssignments");

    public Defaults {
        mix = Map.copyOf(mix);
    }

    /** The mix as an ordered map (measurement, location, alert); unknown kinds are not part of the defaults. */
    public Map<String, Double> mix() {
        Map<String, Double> ordered = new LinkedHashMap<>();
        EVENT_KINDS.forEach(k -> ordered.put(k, mix.getOrDefault(k, 0.0)));
        return ordered;
    }

    private static Map<String, Double> orderedMix() {
        return Map.of("measurement", 0.8, "location", 0.1, "alert", 0.1);
    }
}
