package io.contmig.plan;

import java.util.Objects;
import java.util.Optional;

/** Device (MQTT) and API (REST) load of a run, and real FIT IoT-LAB devices if the scenario has them. */
public record LoadPlan(MqttLoad mqtt, RestLoad rest, Optional<IotLabLoad> iotlab) {

    public LoadPlan {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(iotlab, "iotlab");
    }
}
