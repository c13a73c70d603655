package io.contmig.plan;

import java.time.Duration;

/**
 * How reports cut windows around each injection: {@code before} = {@code baseline} ending at the
 * injection's start; {@code after} = {@code after} starting {@code settle} after its end.
 */
public record WindowPolicy(Duration baseline, Duration settle, Duration after) {

    public WindowPolicy {
        Plans.requireNonNegative("baseline", baseline);
        Plans.requireNonNegative("settle", settle);
        Plans.requireNonNegative("after", after);
    }
}
