package io.contmig.record;

import java.time.Instant;

/**
 * The one run-relative monotonic clock: every sample and every mark of a run is stamped with it.
 *
 * <p>Thread-safe; {@link #nanos()} is called on hot paths and must not allocate.
 */
public interface RunClock {

    /** Nanoseconds since t=0 of the run (monotonic; may be negative before t=0 for a manual clock). */
    long nanos();

    /** Wall-clock time of t=0, recorded once in the run header; never used for measurement. */
    Instant wallClockAtZero();

    /** A clock whose t=0 is now, backed by {@link System#nanoTime()}. */
    static RunClock startingNow() {
        return new SystemRunClock(System.nanoTime(), Instant.now());
    }

    /**
     * A clock whose t=0 lies {@code nanosSinceZero} before now, at wall-clock {@code wallClockAtZero}: a generator
     * process joining a run whose t=0 another process took (see {@code load.generators}).
     */
    static RunClock joining(Instant wallClockAtZero, long nanosSinceZero) {
        return new SystemRunClock(System.nanoTime() - nanosSinceZero, wallClockAtZero);
    }

    /** Milliseconds since t=0, as written in {@code timeline.jsonl} and {@code report.json}. */
    default double millis() {
        return nanos() / 1_000_000.0;
    }
}
