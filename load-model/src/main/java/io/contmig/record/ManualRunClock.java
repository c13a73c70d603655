package io.contmig.record;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link RunClock} that moves only when told to; for tests. Thread-safe. */
public final class ManualRunClock implements RunClock {

    private final AtomicLong nanos = new AtomicLong();
    private final Instant wallClockAtZero;

    public ManualRunClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualRunClock(Instant wallClockAtZero) {
        this.wallClockAtZero = wallClockAtZero;
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public Instant wallClockAtZero() {
        return wallClockAtZero;
    }

    /** Moves the clock forward by {@code step} and returns the new time in nanoseconds. */
    public long advance(Duration step) {
        return nanos.addAndGet(step.toNanos());
    }

    /** Sets the clock to {@code nanosSinceZero}. */
    public void set(long nanosSinceZero) {
        nanos.set(nanosSinceZero);
    }
}
