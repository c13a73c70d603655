package io.contmig.record;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One tag's samples, kept apart per {@link Epochs epoch} of their intended start.
 *
 * <p>Samples of the current epoch (nearly all) go to a {@link StripedRecorder}: wait-free and allocation-free.
 * Stragglers — samples intended before the newest boundary and completed after it — go to a small per-epoch
 * histogram under this object's lock; there are only as many as were in flight when a boundary passed.
 *
 * <p>At a boundary the current recorder retires and a successor takes over. A retired recorder is still drained at
 * the next two flushes, then dropped: a thread that read the old recorder just before the switch has recorded into
 * it long before then (the grace period is at least one take interval, 100 ms, against a window of a few instructions).
 *
 * <p>Thread-safe: {@link #record} from any thread; {@link #advance} from the marking thread; {@link #take} from the
 * flushing thread.
 */
final class EpochTagRecorder {

    /** The recorder of one epoch, with how many flushes have drained it since it retired. */
    private static final class EpochRecorder {
        final int epoch;
        final StripedRecorder recorder;
        int drainsAfterRetiring;

        EpochRecorder(int epoch, StripedRecorder recorder) {
            this.epoch = epoch;
            this.recorder = recorder;
        }
    }

    private volatile EpochRecorder current;
    private final List<EpochRecorder> retiring = new ArrayList<>();
    private final Map<Integer, Histogram> stragglers = new TreeMap<>();

    EpochTagRecorder(int epoch) {
        current = new EpochRecorder(epoch, new StripedRecorder());
    }

    /** Records {@code micros} (already clamped) for a sample of {@code epoch}. */
    void record(int epoch, long micros) {
        EpochRecorder c = current;
        if (c.epoch == epoch) {
            c.recorder.recordValue(micros);
        } else {
            recordStraggler(epoch, micros);
        }
    }

    private synchronized void recordStraggler(int epoch, long micros) {
        // Auto-resizing: stragglers are few, and their histograms are created per flush interval.
        stragglers.computeIfAbsent(epoch, e -> new Histogram(StripedRecorder.SIGNIFICANT_DIGITS)).recordValue(micros);
    }

    /** Makes {@code epoch} (newer than the current one) current. */
    synchronized void advance(int epoch) {
        EpochRecorder old = current;
        if (epoch <= old.epoch) {
            return;
        }
        current = new EpochRecorder(epoch, old.recorder.successor());
        retiring.add(old);
    }

    /** The samples since the previous call, per epoch (only epochs with samples); histograms owned by the caller. */
    synchronized Map<Integer, Histogram> take() {
        Map<Integer, Histogram> out = new TreeMap<>();
        EpochRecorder c = current;
        addTo(out, c.epoch, c.recorder.takeInterval());
        for (Iterator<EpochRecorder> it = retiring.iterator(); it.hasNext(); ) {
            EpochRecorder r = it.next();
            addTo(out, r.epoch, r.recorder.takeInterval());
            if (++r.drainsAfterRetiring >= 2) {
                it.remove();
            }
        }
        stragglers.forEach((epoch, h) -> addTo(out, epoch, h));
        stragglers.clear();
        return out;
    }

    /** Adds {@code h} (kept by {@code out} when it is the epoch's first) to {@code out}'s histogram of {@code epoch}. */
    static void addTo(Map<Integer, Histogram> out, int epoch, Histogram h) {
        if (h.getTotalCount() == 0) {
            return;
        }
        Histogram existing = out.get(epoch);
        if (existing == null) {
            out.put(epoch, h);
        } else {
            existing.add(h);
        }
    }
}
