package io.contmig.load.testing;

import io.contmig.record.RunClock;

import java.time.Instant;

/** A real monotonic run clock starting now, whose recorded wall time of t=0 is fixed (deterministic payloads). */
public final class FixedWallClock implements RunClock {

    private final long origin = System.nanoTime();
    private final Instant wall;

    public FixedWallClock(Instant wall) {
        this.wall = wall;
    }

    @Override
    public long nanos() {
        return System.nanoTime() - origin;
    }

    @Override
    public Instant wallClockAtZero() {
        return wall;
    }
}
