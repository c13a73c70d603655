package io.contmig.plan;

import java.util.Objects;

/** Device (MQTT) and API (REST) load of a run. */
public record LoadPlan(MqttLoad mqtt, RestLoad rest) {

    public LoadPlan {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(rest, "rest");
    }
}
