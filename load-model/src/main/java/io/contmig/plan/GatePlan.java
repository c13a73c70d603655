package io.contmig.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * One SLO gate, kept as its expression text (parsed by {@code io.contmig.gate.Gate}).
 *
 * @param expression e.g. {@code p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)}
 * @param injection  the injection it is scoped to, or {@code ""} for every injection
 */
public record GatePlan(String expression, String injection) {

    public GatePlan {
        Plans.requireText("expression", expression);
        Objects.requireNonNull(injection, "injection");
    }

    /** A gate judged for every injection. */
    public static GatePlan everyInjection(String expression) {
        return new GatePlan(expression, "");
    }

    /** The injection this gate is scoped to; empty when it applies to every injection. */
    public Optional<String> scope() {
        return injection.isEmpty() ? Optional.empty() : Optional.of(injection);
    }
}
