package io.contmig.record;

import java.time.Instant;
import java.util.Objects;

/** {@link RunClock} over {@link System#nanoTime()}. Thread-safe, allocation-free. */
final class SystemRunClock implements RunClock {

    private final long originNanos;
    private final Instant wallClockAtZero;

    SystemRunClock(long originNanos, Instant wallClockAtZero) {
        this.originNanos = originNanos;
        this.wallClockAtZero = Objects.requireNonNull(wallClockAtZero, "wallClockAtZero");
    }

    @Override
    public long nanos() {
        return System.nanoTime() - originNanos;
    }

    @Override
    public Instant wallClockAtZero() {
        return wallClockAtZero;
    }
}
