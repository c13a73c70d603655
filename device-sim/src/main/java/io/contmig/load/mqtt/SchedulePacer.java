package io.contmig.load.mqtt;

/**
 * How one fleet scheduler thread waits for its next intended start. Behind the schedule it never waits (the event
 * fires at once). Ahead of it, it depends on how dense the thread's schedule is:
 * <ul>
 *   <li><b>sparse</b> (mean gap between its events ≥ {@link #SPIN_WHEN_GAP_NANOS}): precise — park until
 *       {@link #SPIN_BELOW_NANOS} / 2 before the event, then spin, because {@code parkNanos} wakes up to ~60 µs late
 *       on Linux (timer slack) and a sparse schedule's timing accuracy would show it; spinning then costs at most
 *       5 % of a core;</li>
 *   <li><b>dense</b>: batched — park at least {@link #BATCH_PARK_NANOS}, then fire every event due by then back to
 *       back, so the client writes them in one flush and its event loop wakes once for them. An event then leaves up
 *       to ~0.55 ms after its intended start: generator health shows it as send lag, and it stays in the measured
 *       latency (timed from the intended start, so Coordinated-Omission-correct).</li>
 * </ul>
 * Why not spin always: a spinning dense scheduler burned the core the broker and the client's event loops needed,
 * and one wake-up and one flush per event cost a HiveMQ fleet twice a plain loop's CPU per event — it reached half
 * the loop's rate. Why 0.5 ms: at ~110,000 events/s over 4 schedulers, 0.2 ms batches left the fleet at 0.86 of
 * the loop's CPU per event, 0.5 ms batches at 0.94 ({@code FleetBench throughput}).
 *
 * <p>Not thread-safe: one per scheduler thread. Allocation-free.
 */
final class SchedulePacer {

    /** How far ahead of an event a precise scheduler stops parking and spins. */
    static final long SPIN_BELOW_NANOS = 100_000;
    /** Mean gap (smoothed over ~16 events) below which a schedule is dense. */
    static final long SPIN_WHEN_GAP_NANOS = 2_000_000;
    /** The shortest park of a dense schedule: how long events are gathered into one batch. */
    static final long BATCH_PARK_NANOS = 500_000;
    /** Longer gaps count as this much, so that one pause does not make a dense schedule precise for long. */
    private static final long GAP_CAP_NANOS = 8 * SPIN_WHEN_GAP_NANOS;

    private long previousIntended;
    private boolean fired;
    /** Starts at the threshold: precise until the schedule shows it is dense. */
    private long meanGap = SPIN_WHEN_GAP_NANOS;

    /** Notes that the event intended at {@code intendedNanos} fired (intended starts are non-decreasing). */
    void fired(long intendedNanos) {
        if (fired) {
            long gap = Math.min(intendedNanos - previousIntended, GAP_CAP_NANOS);
            meanGap += (gap - meanGap) >> 4;
        }
        fired = true;
        previousIntended = intendedNanos;
    }

    /** Whether the schedule is dense (batched waits). */
    boolean dense() {
        return meanGap < SPIN_WHEN_GAP_NANOS;
    }

    /**
     * How long to park when the next event is {@code waitNanos} (> 0) ahead; 0 means spin once
     * ({@link Thread#onSpinWait()}) and look again.
     */
    long parkNanos(long waitNanos) {
        if (dense()) {
            return Math.max(waitNanos, BATCH_PARK_NANOS);
        }
        return waitNanos > SPIN_BELOW_NANOS ? waitNanos - SPIN_BELOW_NANOS / 2 : 0;
    }
}
