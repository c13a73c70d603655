package io.contmig.plan;

import java.time.Duration;

/**
 * When a fault starts: at a run time, or a while after another injection enters one of its phases (what makes
 * "partition during the cutover" reproducible whatever the phases before it took). Immutable.
 */
public sealed interface FaultTrigger permits FaultTrigger.AtTime, FaultTrigger.AtPhase {

    /** As the scenario writes it, e.g. {@code 60s} or {@code move-acme-kafka/cutover+100ms}. */
    String describe();

    /** At {@code at} since t=0. */
    record AtTime(Duration at) implements FaultTrigger {
        public AtTime {
            Plans.requireNonNegative("at", at);
        }

        @Override
        public String describe() {
            return Plans.format(at);
        }
    }

    /**
     * {@code offset} after the {@code injection-phase} mark of {@code injection} entering {@code phase}. Never fires
     * when that injection does not reach the phase (then the run records the fault as not triggered).
     */
    record AtPhase(String injection, String phase, Duration offset) implements FaultTrigger {
        public AtPhase {
            Plans.requireText("injection", injection);
            Plans.requireText("phase", phase);
            Plans.requireNonNegative("offset", offset);
        }

        @Override
        public String describe() {
            return injection + "/" + phase + "+" + Plans.format(offset);
        }
    }

    /** Whether this trigger waits for a phase of {@code injection}. */
    default boolean follows(String injection) {
        return this instanceof AtPhase p && p.injection().equals(injection);
    }
}
