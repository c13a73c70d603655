package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One tag's HdrHistogram {@link Recorder}s for one epoch, striped by thread so that threads recording the same tag
 * do not contend on the same atomic counters. A stripe's recorder is created on the stripe's first use, or in
 * advance by {@link #successor()}.
 *
 * <p>Thread-safe: {@link #recordValue} is wait-free once its stripe exists; {@link #takeInterval} is called by one
 * flushing thread at a time.
 */
final class StripedRecorder {

    /** Highest recordable latency: one hour in microseconds; larger values are clamped to it by the caller. */
    static final long HIGHEST_TRACKABLE_MICROS = 3_600_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;
    /** Stripes per tag, a power of two. */
    private static final int STRIPES = 4;

    private final AtomicReferenceArray<Recorder> stripes = new AtomicReferenceArray<>(STRIPES);
    /**
     * Per stripe: the interval histogram it returned last, handed back at the next take so that the recorder
     * reuses it; the log is taken ten times a second (100 ms zoom histograms), where a fresh histogram per stripe
     * would be ~190 KB of garbage each time. Only touched by {@link #takeInterval} (synchronized).
     */
    private final Histogram[] recycled = new Histogram[STRIPES];

    void recordValue(long micros) {
        int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
        Recorder r = stripes.get(stripe);
        if (r == null) {
            r = create(stripe);
        }
        r.recordValue(micros);
    }

    private synchronized Recorder create(int stripe) {
        Recorder r = stripes.get(stripe);
        if (r == null) {
            r = newRecorder();
            stripes.set(stripe, r);
        }
        return r;
    }

    private static Recorder newRecorder() {
        return new Recorder(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    }

    /**
     * A fresh recorder for the next epoch with the stripes this one uses already created, so that the recording
     * threads do not allocate (and stall) at the boundary, where a migration's cost is measured.
     */
    synchronized StripedRecorder successor() {
        StripedRecorder next = new StripedRecorder();
        for (int i = 0; i < STRIPES; i++) {
            if (stripes.get(i) != null) {
                next.stripes.set(i, newRecorder());
            }
        }
        return next;
    }

    /** Samples since the previous call, over every stripe; a new histogram owned by the caller. */
    synchronized Histogram takeInterval() {
        Histogram sum = emptyHistogram();
        for (int i = 0; i < STRIPES; i++) {
            Recorder r = stripes.get(i);
            if (r == null) {
                continue;
            }
            Histogram interval = r.getIntervalHistogram(recycled[i]);
            sum.add(interval);
            recycled[i] = interval;
        }
        return sum;
    }

    static Histogram emptyHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    }
}
