package io.contmig.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The device fleet's MQTT load.
 *
 * @param ratePerDevice events per second per device, before the profile's multipliers
 * @param qos           MQTT QoS of publishes (0, 1 or 2)
 * @param arrivals      how intended publish times are spaced
 * @param connections   connection sharing
 * @param mix           event type ({@code measurement}, {@code location}, {@code alert}) → share; shares sum to 1
 * @param profile       multipliers of {@code ratePerDevice} over time
 * @param freshnessShare share of acknowledged events whose {@code mqtt.freshness} (intended publish → first seen in
 *                       the REST event listing) is measured, in [0, 1]; 0 measures none
 * @param client        the MQTT client library of the devices' connections
 */
public record MqttLoad(double ratePerDevice, int qos, Arrivals arrivals, Connections connections,
                       Map<String, Double> mix, LoadProfile profile, double freshnessShare, MqttClientKind client) {

    /** With the default {@link Defaults#FRESHNESS_SHARE} and {@link Defaults#MQTT_CLIENT}. */
    public MqttLoad(double ratePerDevice, int qos, Arrivals arrivals, Connections connections,
                    Map<String, Double> mix, LoadProfile profile) {
        this(ratePerDevice, qos, arrivals, connections, mix, profile, Defaults.FRESHNESS_SHARE);
    }

    /** With the default {@link Defaults#MQTT_CLIENT}. */
    public MqttLoad(double ratePerDevice, int qos, Arrivals arrivals, Connections connections,
                    Map<String, Double> mix, LoadProfile profile, double freshnessShare) {
        this(ratePerDevice, qos, arrivals, connections, mix, profile, freshnessShare, Defaults.MQTT_CLIENT);
    }

    public MqttLoad {
        Plans.requireRate("ratePerDevice", ratePerDevice);
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos (" + qos + ") must be 0, 1 or 2");
        }
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(profile, "profile");
        mix = Collections.unmodifiableMap(new LinkedHashMap<>(mix));
        double sum = 0;
        for (Map.Entry<String, Double> e : mix.entrySet()) {
            Plans.requireRate("mix." + e.getKey(), e.getValue());
            sum += e.getValue();
        }
        if (Math.abs(sum - 1.0) > 1e-6) {
            throw new IllegalArgumentException("mix shares sum to " + sum + ", must sum to 1");
        }
        if (!(freshnessShare >= 0 && freshnessShare <= 1)) {
            throw new IllegalArgumentException("freshnessShare (" + freshnessShare + ") must be within [0, 1]");
        }
    }

    /** One device's events per second over time: the profile scaled by {@code ratePerDevice}. */
    public LoadProfile ratePerDevicePerSecond() {
        return profile.scaledBy(ratePerDevice);
    }
}
