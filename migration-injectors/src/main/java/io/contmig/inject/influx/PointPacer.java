package io.contmig.inject.influx;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds a copy to at most {@code pointsPerSecond} on average (the throttle knob of a range copy): after each batch
 * the copier calls {@link #paced}, which waits until the points sent so far are due. Zero or less means no limit.
 * Thread-safe: the workers of one copy share one pacer.
 */
final class PointPacer {

    private final double pointsPerSecond;
    private final long startNanos = System.nanoTime();
    private final AtomicLong points = new AtomicLong();

    PointPacer(double pointsPerSecond) {
        this.pointsPerSecond = pointsPerSecond;
    }

    /** Counts {@code n} more points and waits until they are due at the configured rate. */
    void paced(long n) throws InterruptedException {
        long total = points.addAndGet(n);
        if (pointsPerSecond <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (total / pointsPerSecond * 1e9);
        long ahead = dueNanos - System.nanoTime();
        if (ahead > 0) {
            // The throttle itself: the copy is ahead of its allowed rate, so it pauses.
            Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
        }
    }
}
