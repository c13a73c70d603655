package io.contmig.runner.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a run's load did, written into the {@code run-finished} mark. Immutable.
 *
 * @param published          events handed to the network
 * @param acknowledged       events acknowledged by the broker
 * @param failures           intended events that failed
 * @param connectionMode     how devices connected ({@code per-device}, {@code shared}, or a fake's label)
 * @param mqttClient         the MQTT client library of the devices' connections ({@code hivemq}, {@code paho}), or
 *                           {@code none} for a load that publishes no MQTT
 * @param generatorP99LagMs  p99 of the send lag behind the intended schedule, ms
 * @param generatorSaturated whether the generator fell behind its schedule (reports warn)
 * @param description        one line for the console
 */
public record LoadSummary(long published, long acknowledged, long failures, String connectionMode,
                          String mqttClient, double generatorP99LagMs, boolean generatorSaturated, String description) {

    public LoadSummary {
        Objects.requireNonNull(connectionMode, "connectionMode");
        Objects.requireNonNull(mqttClient, "mqttClient");
        Objects.requireNonNull(description, "description");
    }

    /** The attributes of the {@code run-finished} mark. */
    Map<String, Object> runFinishedAttributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("published", published);
        m.put("acknowledged", acknowledged);
        m.put("failures", failures);
        m.put("connectionMode", connectionMode);
        m.put("mqttClient", mqttClient);
        m.put("generatorP99LagMs", generatorP99LagMs);
        m.put("generatorSaturated", generatorSaturated);
        return m;
    }
}
