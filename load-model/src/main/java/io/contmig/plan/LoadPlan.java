package io.contmig.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * Device (MQTT) and API (REST) load of a run, real FIT IoT-LAB devices if the scenario has them, and the generator
 * processes that drive the MQTT and REST load.
 */
public record LoadPlan(MqttLoad mqtt, RestLoad rest, Optional<IotLabLoad> iotlab, GeneratorsPlan generators) {

    public LoadPlan {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(iotlab, "iotlab");
        Objects.requireNonNull(generators, "generators");
    }

    /** Load generated in the runner's JVM ({@link GeneratorsPlan#IN_PROCESS}). */
    public LoadPlan(MqttLoad mqtt, RestLoad rest, Optional<IotLabLoad> iotlab) {
        this(mqtt, rest, iotlab, GeneratorsPlan.IN_PROCESS);
    }
}
