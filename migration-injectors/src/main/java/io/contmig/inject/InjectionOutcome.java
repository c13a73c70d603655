package io.contmig.inject;

import java.util.Objects;
import java.util.Optional;

/**
 * How one injection ended, as returned by {@link InjectionRunner#run}. Immutable.
 *
 * @param injection     the injection's name
 * @param finished      whether prepare and inject succeeded ({@code injection-finished}); false means
 *                      {@code injection-failed} with {@link #failureReason}
 * @param failureReason the reason written in the {@code injection-failed} mark, credentials removed
 * @param verification  the verifier's result; empty for placements
 * @param healFailure   why {@link Injector#heal} failed, if it did (a fact on the timeline; the reports judge it)
 */
public record InjectionOutcome(String injection, boolean finished, Optional<String> failureReason,
                               Optional<VerificationResult> verification, Optional<String> healFailure) {

    public InjectionOutcome {
        Objects.requireNonNull(injection, "injection");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(healFailure, "healFailure");
        if (finished == failureReason.isPresent()) {
            throw new IllegalArgumentException("injection '" + injection + "': finished (" + finished
                    + ") and a failure reason (" + failureReason.orElse("none") + ") contradict each other");
        }
    }

    /** Whether heal completed without exception. */
    public boolean healed() {
        return healFailure.isEmpty();
    }
}
