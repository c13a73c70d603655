package io.contmig.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rate over time made of stages played one after the other; after the last stage its final rate holds until
 * the end of the run. Immutable: every builder method returns a new instance, and so does {@link #scaledBy}.
 *
 * <pre>{@code
 * LoadProfile.of(constantRate(50).during(ofMinutes(5)), rampRate(50).to(200).during(ofMinutes(2)), constantRate(100))
 * }</pre>
 *
 * <p>In a scenario the stages are multipliers of {@code ratePerDevice}; {@link MqttLoad#ratePerDevicePerSecond()}
 * gives the profile in events per second. Thread-safe (immutable); {@link #rateAtNanos} and the inverse used by
 * {@link ArrivalSchedule} do not allocate.
 */
public final class LoadProfile {

    /** One stage of a profile: a constant rate or a linear ramp, lasting {@link #during()}. */
    public sealed interface Stage permits Constant, Ramp {
        /** How long the stage lasts; {@link Duration#ZERO} for a last stage that simply holds. */
        Duration during();

        /** The rate when the stage starts. */
        double startRate();

        /** The rate when the stage ends (held after the last stage). */
        double endRate();
    }

    /** A constant rate; without {@link #during(Duration)} it lasts zero time, i.e. it holds when it is last. */
    public record Constant(double rate, Duration during) implements Stage {
        public Constant {
            Plans.requireRate("rate", rate);
            Plans.requireNonNegative("during", during);
        }

        /** This rate for {@code d}. */
        public Constant during(Duration d) {
            return new Constant(rate, d);
        }

        @Override public double startRate() { return rate; }
        @Override public double endRate() { return rate; }
    }

    /** A linear change from {@code from} to {@code to} over {@code during} (which must be positive). */
    public record Ramp(double from, double to, Duration during) implements Stage {
        public Ramp {
            Plans.requireRate("from", from);
            Plans.requireRate("to", to);
            Plans.requireNonNegative("during", during);
            if (during.isZero()) {
                throw new IllegalArgumentException("a ramp's during must be > 0");
            }
        }

        @Override public double startRate() { return from; }
        @Override public double endRate() { return to; }
    }

    /** First step of {@code rampRate(a).to(b).during(d)}. */
    public record RampFrom(double from) {
        public RampTo to(double to) {
            return new RampTo(from, to);
        }
    }

    /** Second step of {@code rampRate(a).to(b).during(d)}. */
    public record RampTo(double from, double to) {
        public Ramp during(Duration d) {
            return new Ramp(from, to, d);
        }
    }

    public static Constant constantRate(double rate) {
        return new Constant(rate, Duration.ZERO);
    }

    /** A jump to {@code rate}: a constant stage; when last it holds until the end of the run. */
    public static Constant stepRate(double rate) {
        return constantRate(rate);
    }

    public static RampFrom rampRate(double from) {
        Plans.requireRate("from", from);
        return new RampFrom(from);
    }

    /** A profile of {@code stages} in order; at least one. */
    public static LoadProfile of(Stage... stages) {
        return new LoadProfile(List.of(stages));
    }

    /** A profile of {@code stages} in order; at least one. */
    public static LoadProfile of(List<? extends Stage> stages) {
        return new LoadProfile(List.copyOf(stages));
    }

    private final List<Stage> stages;
    // Per stage, precomputed for the allocation-free inverse: start time, length, rates, expected count at start.
    private final long[] startNanos;
    private final double[] seconds;
    private final double[] fromRate;
    private final double[] toRate;
    private final double[] cumulativeAtStart;
    private final long endNanos;
    private final double cumulativeAtEnd;

    private LoadProfile(List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a load profile needs at least one stage");
        }
        stages.forEach(s -> Objects.requireNonNull(s, "stage"));
        this.stages = stages;
        int n = stages.size();
        startNanos = new long[n];
        seconds = new double[n];
        fromRate = new double[n];
        toRate = new double[n];
        cumulativeAtStart = new double[n];
        long t = 0;
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            Stage s = stages.get(i);
            startNanos[i] = t;
            seconds[i] = s.during().toNanos() / 1e9;
            fromRate[i] = s.startRate();
            toRate[i] = s.endRate();
            cumulativeAtStart[i] = cumulative;
            cumulative += (fromRate[i] + toRate[i]) / 2 * seconds[i];
            t = Math.addExact(t, s.during().toNanos());
        }
        endNanos = t;
        cumulativeAtEnd = cumulative;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** Total length of the stages; the last rate holds after it. */
    public Duration length() {
        return Duration.ofNanos(endNanos);
    }

    /** The rate at the end of the last stage, held until the end of the run. */
    public double holdRate() {
        return toRate[toRate.length - 1];
    }

    /** This profile with every rate multiplied by {@code factor} (e.g. multipliers → events per second). */
    public LoadProfile scaledBy(double factor) {
        Plans.requireRate("factor", factor);
        List<Stage> scaled = new ArrayList<>();
        for (Stage s : stages) {
            if (s instanceof Ramp r) {
                scaled.add(new Ramp(r.from() * factor, r.to() * factor, r.during()));
            } else if (s instanceof Constant c) {
                scaled.add(new Constant(c.rate() * factor, c.during()));
            }
        }
        return new LoadProfile(scaled);
    }

    /** The rate at {@code t} since the start of the run. */
    public double rateAt(Duration t) {
        return rateAtNanos(t.toNanos());
    }

    /** The rate at {@code nanos} since the start of the run; allocation-free. Before 0, the first stage's start rate. */
    public double rateAtNanos(long nanos) {
        if (nanos < 0) {
            return fromRate[0];
        }
        if (nanos >= endNanos) {
            return holdRate();
        }
        int i = stageAt(nanos);
        double s = (nanos - startNanos[i]) / 1e9;
        return seconds[i] == 0 ? toRate[i] : fromRate[i] + (toRate[i] - fromRate[i]) * (s / seconds[i]);
    }

    /** The expected number of events from 0 to {@code t} (the integral of the rate, in rate-seconds). */
    public double expectedCount(Duration t) {
        long nanos = t.toNanos();
        if (nanos <= 0) {
            return 0;
        }
        if (nanos >= endNanos) {
            return cumulativeAtEnd + holdRate() * ((nanos - endNanos) / 1e9);
        }
        int i = stageAt(nanos);
        double s = (nanos - startNanos[i]) / 1e9;
        double rateNow = seconds[i] == 0 ? toRate[i] : fromRate[i] + (toRate[i] - fromRate[i]) * (s / seconds[i]);
        return cumulativeAtStart[i] + (fromRate[i] + rateNow) / 2 * s;
    }

    private int stageAt(long nanos) {
        int i = startNanos.length - 1;
        while (i > 0 && startNanos[i] > nanos) {
            i--;
        }
        // Zero-length stages share their start with the next one; the later stage is the one in force.
        while (i + 1 < startNanos.length && startNanos[i + 1] <= nanos) {
            i++;
        }
        return i;
    }

    /**
     * The time (nanoseconds since the start) at which the expected count reaches {@code target}, searching from
     * stage {@code hint}; {@link Long#MAX_VALUE} when the rate stays at zero before reaching it. Allocation-free.
     */
    long timeAtExpectedCount(double target, int hint) {
        int i = Math.max(0, Math.min(hint, startNanos.length - 1));
        while (i > 0 && cumulativeAtStart[i] > target) {
            i--;
        }
        for (; i < startNanos.length; i++) {
            double end = i + 1 < startNanos.length ? cumulativeAtStart[i + 1] : cumulativeAtEnd;
            if (target <= end && seconds[i] > 0 && end > cumulativeAtStart[i]) {
                double s = secondsToReach(fromRate[i], toRate[i], seconds[i], target - cumulativeAtStart[i]);
                return startNanos[i] + Math.round(s * 1e9);
            }
        }
        double hold = holdRate();
        if (hold <= 0) {
            return Long.MAX_VALUE;
        }
        double s = (target - cumulativeAtEnd) / hold;
        double nanos = endNanos + s * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(nanos);
    }

    /** The stage index in force at {@code nanos}, for {@link ArrivalSchedule}'s cursor. */
    int stageIndexAt(long nanos) {
        return nanos < 0 ? 0 : stageAt(nanos);
    }

    /** Seconds into a stage from rate a to rate b over d seconds at which its integral reaches {@code dy}. */
    private static double secondsToReach(double a, double b, double d, double dy) {
        if (dy <= 0) {
            return 0;
        }
        if (a == b) {
            return Math.min(d, dy / a);
        }
        // Integral a·s + k·s² with k = (b − a) / 2d; this root form stays accurate when k is tiny or negative.
        double k = (b - a) / (2 * d);
        double disc = Math.max(0, a * a + 4 * k * dy);
        double denominator = a + StrictMath.sqrt(disc);
        return denominator <= 0 ? d : Math.min(d, 2 * dy / denominator);
    }

    /** Stages as text, e.g. {@code constant 1 for 60s; ramp 1 → 2 for 60s; constant 1.5 until the end}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (i > 0) {
                text.append("; ");
            }
            if (s instanceof Ramp r) {
                text.append("ramp ").append(Plans.number(r.from())).append(" → ").append(Plans.number(r.to()));
            } else if (s instanceof Constant c) {
                text.append("constant ").append(Plans.number(c.rate()));
            }
            text.append(s.during().isZero() ? "" : " for " + Plans.format(s.during()));
        }
        Stage last = stages.get(stages.size() - 1);
        if (last.during().isZero()) {
            return text.append(" until the end").toString();
        }
        return text.append(", then ").append(Plans.number(holdRate())).append(" until the end").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadProfile other && stages.equals(other.stages);
    }

    @Override
    public int hashCode() {
        return stages.hashCode();
    }

    @Override
    public String toString() {
        return "LoadProfile[" + describe() + "]";
    }
}
