package io.contmig.plan;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One fault as the scenario's {@code fault:} map states it, validated. Immutable.
 *
 * @param kind          what breaks
 * @param target        what it hits, by {@link FaultKind#targetKey()}: a link ({@link FaultKind#LINKS}), a server
 *                      {@code <site>.<server>} ({@link FaultKind#SERVERS}) or a site
 * @param duration      the scenario's {@code for}: how long the fault holds before its heal starts; &gt; 0
 * @param delay         for {@link FaultKind#DELAY}: the link's new one-way delay (empty: unchanged)
 * @param bandwidthMbit for {@link FaultKind#DELAY}: the link's new bandwidth cap in Mbit/s, 0 = unlimited (empty:
 *                      unchanged)
 */
public record PlannedFault(FaultKind kind, String target, Duration duration, Optional<Duration> delay,
                           Optional<Double> bandwidthMbit) {

    public PlannedFault {
        Objects.requireNonNull(kind, "kind");
        Plans.requireText(kind.targetKey(), target);
        Plans.requireNonNegative("for", duration);
        if (duration.isZero()) {
            throw new IllegalArgumentException("for must be > 0");
        }
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(bandwidthMbit, "bandwidthMbit");
        delay.ifPresent(d -> Plans.requireNonNegative("delay", d));
        bandwidthMbit.ifPresent(b -> Plans.requireRate("bandwidthMbit", b));
        if (kind == FaultKind.DELAY && delay.isEmpty() && bandwidthMbit.isEmpty()) {
            throw new IllegalArgumentException("a delay fault needs delay or bandwidthMbit");
        }
        if (kind != FaultKind.DELAY && (delay.isPresent() || bandwidthMbit.isPresent())) {
            throw new IllegalArgumentException("only a delay fault takes delay or bandwidthMbit");
        }
    }

    /** A fault without delay settings (every kind but {@link FaultKind#DELAY}). */
    public static PlannedFault of(FaultKind kind, String target, Duration duration) {
        return new PlannedFault(kind, target, duration, Optional.empty(), Optional.empty());
    }

    /** For a kill or a pause: the site of {@link #target()} ({@code cloud} in {@code cloud.kafka}). */
    public String site() {
        return kind.targetKey().equals("server") ? target.substring(0, target.indexOf('.')) : target;
    }

    /** For a kill or a pause: the server of {@link #target()} ({@code kafka} in {@code cloud.kafka}). */
    public String server() {
        return target.substring(target.indexOf('.') + 1);
    }
}
