package io.contmig.record;

import java.util.Arrays;

/**
 * The phase boundaries known so far, as the recorder sees them: epoch 0 runs from t=0 to the first boundary, epoch
 * {@code e >= 1} from boundary {@code e - 1} to the next one. A boundary is the run-clock time of an injection
 * mark (started, phase, finished, failed) in whole microseconds, the precision {@code timeline.jsonl} writes.
 * An epoch is <em>attributed</em> when some injection is running in it: its samples are also written under the
 * epoch's tag (see {@link SampleRecorder}).
 *
 * <p>Immutable; {@link #plus} returns a new instance (the recorder publishes it through a volatile field).
 */
final class Epochs {

    static final Epochs NONE = new Epochs(new long[0], new boolean[0]);

    private final long[] startNanos;
    private final boolean[] attributed;

    private Epochs(long[] startNanos, boolean[] attributed) {
        this.startNanos = startNanos;
        this.attributed = attributed;
    }

    /** These epochs and one more starting at {@code startMicros} (not before the last one's start). */
    Epochs plus(long startMicros, boolean attributedEpoch) {
        long nanos = startMicros * 1_000L;
        int n = startNanos.length;
        if (n > 0 && nanos < startNanos[n - 1]) {
            throw new IllegalArgumentException("boundary " + startMicros + " µs lies before the previous one ("
                    + startNanos[n - 1] / 1_000L + " µs)");
        }
        long[] starts = Arrays.copyOf(startNanos, n + 1);
        boolean[] flags = Arrays.copyOf(attributed, n + 1);
        starts[n] = nanos;
        flags[n] = attributedEpoch;
        return new Epochs(starts, flags);
    }

    /** The newest epoch's index (0 before any boundary). */
    int current() {
        return startNanos.length;
    }

    /** The epoch holding {@code intendedNanos}: the number of boundaries at or before it. Allocation-free. */
    int of(long intendedNanos) {
        int n = startNanos.length;
        if (n == 0 || intendedNanos >= startNanos[n - 1]) {
            return n;
        }
        // A straggler (intended before the newest boundary): count the boundaries at or before it.
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (startNanos[mid] <= intendedNanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    boolean attributed(int epoch) {
        return epoch >= 1 && epoch <= attributed.length && attributed[epoch - 1];
    }

    long startMicros(int epoch) {
        return startNanos[epoch - 1] / 1_000L;
    }
}
