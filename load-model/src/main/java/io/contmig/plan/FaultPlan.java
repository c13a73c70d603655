package io.contmig.plan;

import java.util.Objects;

/**
 * One fault injection of the plan: its name (unique among all injections; names its timeline marks), when it
 * starts and what it breaks. Faults may overlap migrations and each other; each heals after its {@code for}.
 */
public record FaultPlan(String name, FaultTrigger trigger, PlannedFault fault) {

    public FaultPlan {
        Objects.requireNonNull(name, "name");
        if (!InjectionPlan.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("injection name '" + name + "' must match " + InjectionPlan.NAME.pattern());
        }
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(fault, "fault");
    }
}
