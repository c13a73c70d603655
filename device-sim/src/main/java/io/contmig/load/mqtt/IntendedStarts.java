package io.contmig.load.mqtt;

/**
 * The intended start times of one device's events under an open model: the times do not depend on when earlier
 * events completed, so a stalled broker shows up as latency, not as a quieter send rate.
 *
 * <p>{@code io.contmig.plan.ArrivalSchedule} has exactly this shape ({@code schedule::nextIntendedNanos}); this
 * interface keeps the fleet independent of how a schedule is made. Called by the fleet's scheduler thread only, so
 * implementations need not be thread-safe; they must not allocate.
 */
@FunctionalInterface
public interface IntendedStarts {

    /**
     * The intended start of the next event in nanoseconds since t=0 of the run clock (non-decreasing), or
     * {@link Long#MAX_VALUE} when this device sends nothing more.
     */
    long nextIntendedNanos();

    /** Makes the schedule of each device; called once per device, before load, from one thread. */
    @FunctionalInterface
    interface PerDevice {
        /** @param deviceIndex 0-based, counted over the fleet's tenants in order */
        IntendedStarts forDevice(int deviceIndex);
    }

    /**
     * Evenly spaced starts at {@code ratePerSecond}, the first at {@code firstNanos}: a deterministic schedule for
     * tests and benchmarks (the plan's seeded {@code ArrivalSchedule} is what runs use).
     */
    static IntendedStarts constantRate(double ratePerSecond, long firstNanos) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond (" + ratePerSecond + ") must be > 0 and finite");
        }
        double periodNanos = 1e9 / ratePerSecond;
        return new IntendedStarts() {
            private long k;

            @Override
            public long nextIntendedNanos() {
                return firstNanos + Math.round(periodNanos * k++);
            }
        };
    }
}
