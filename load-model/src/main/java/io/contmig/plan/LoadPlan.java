package io.contmig.plan;

import java.util.Objects;

/** Device (MQTT) and API (REST) load of a run, and the generator processes that drive it. */
public record LoadPlan(MqttLoad mqtt, RestLoad rest, GeneratorsPlan generators) {

    public LoadPlan {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(generators, "generators");
    }

    /** Load generated in the runner's JVM ({@link GeneratorsPlan#IN_PROCESS}). */
    public LoadPlan(MqttLoad mqtt, RestLoad rest) {
        this(mqtt, rest, GeneratorsPlan.IN_PROCESS);
    }
}
