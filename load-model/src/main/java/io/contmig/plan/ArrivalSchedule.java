package io.contmig.plan;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The intended start times of one stream of events (one simulated device, one REST request kind) under an open
 * model: times follow the rate profile regardless of how fast the system answers, so a stall shows up as latency.
 *
 * <p>Seeded: the same {@code (seed, stream)} gives the same times on every machine (SplitMix64 via
 * {@link SplittableRandom}, {@link StrictMath} for the logarithm). Streams are independent: each derives its own
 * generator from the seed and its stream number.
 *
 * <p>Times are found by inverting the profile's expected count Λ(t): event k happens when Λ reaches
 * {@code u + k - 1} for constant arrivals (u a seeded random phase, so devices do not fire in lock-step) or the
 * sum of k exponential(1) draws for Poisson arrivals (a non-homogeneous Poisson process by time rescaling).
 *
 * <p>Not thread-safe: one schedule per driving thread. {@link #nextIntendedNanos()} does not allocate.
 */
public final class ArrivalSchedule {

    private final LoadProfile ratePerSecond;
    private final Arrivals arrivals;
    private final SplittableRandom random;
    private double expectedCount;
    private int stage;
    private boolean started;

    private ArrivalSchedule(LoadProfile ratePerSecond, Arrivals arrivals, long streamSeed) {
        this.ratePerSecond = Objects.requireNonNull(ratePerSecond, "ratePerSecond");
        this.arrivals = Objects.requireNonNull(arrivals, "arrivals");
        this.random = new SplittableRandom(streamSeed);
    }

    /**
     * The schedule of device {@code deviceIndex} (0-based, counted over the plan's tenants in order).
     *
     * @param seed          the plan's seed
     * @param ratePerSecond this device's events per second over time (e.g. {@link MqttLoad#ratePerDevicePerSecond()})
     */
    public static ArrivalSchedule forDevice(long seed, int deviceIndex, LoadProfile ratePerSecond, Arrivals arrivals) {
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("deviceIndex (" + deviceIndex + ") must be >= 0");
        }
        return forStream(seed, deviceIndex, ratePerSecond, arrivals);
    }

    /**
     * The schedule of an arbitrary stream; device streams use their index, so other drivers should pick negative
     * stream numbers (e.g. {@code -1 - restRequestIndex}) to stay independent of every device.
     */
    public static ArrivalSchedule forStream(long seed, long stream, LoadProfile ratePerSecond, Arrivals arrivals) {
        return new ArrivalSchedule(ratePerSecond, arrivals, mix(seed ^ mix(stream + 0x632BE59BD9B4E019L)));
    }

    /** SplitMix64's finaliser: spreads nearby seeds and stream numbers over unrelated generator states. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The intended start of the next event, in nanoseconds since t=0 of the run (non-decreasing), or
     * {@link Long#MAX_VALUE} when the rate stays at zero from here on. Allocation-free.
     */
    public long nextIntendedNanos() {
        double step;
        if (arrivals == Arrivals.CONSTANT) {
            // First event at a random phase within one period, then exactly one expected event apart.
            step = started ? 1.0 : 1.0 - random.nextDouble();
        } else {
            step = -StrictMath.log(1.0 - random.nextDouble());
        }
        started = true;
        expectedCount += step;
        long t = ratePerSecond.timeAtExpectedCount(expectedCount, stage);
        if (t != Long.MAX_VALUE) {
            stage = ratePerSecond.stageIndexAt(t);
        }
        return t;
    }
}
