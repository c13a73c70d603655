package io.contmig.record;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The latency log's last 100 ms histograms, compressed, kept until they are either written (an injection starts:
 * the zoom panel needs the {@link SampleRecorder#ZOOM_MARGIN_MICROS} before it) or older than that margin. About
 * a hundred slices of a few hundred bytes per tag with samples: bounded memory.
 *
 * <p>Not thread-safe: owned by the {@link LatencyLogWriter}'s flushing thread (under the writer's lock).
 */
final class FineRing {

    /** One tag's 100 ms histogram, in HdrHistogram's compressed encoding. */
    record Entry(String tag, byte[] compressed) {
    }

    /** The fine histograms of one take, {@code [startMillis, endMillis)} on the run clock. */
    record Slice(long startMillis, long endMillis, List<Entry> entries) {
    }

    private final ArrayDeque<Slice> slices = new ArrayDeque<>();

    void add(Slice slice) {
        slices.addLast(slice);
    }

    /** Drops the slices ending at or before {@code beforeMillis}. */
    void forget(long beforeMillis) {
        while (!slices.isEmpty() && slices.peekFirst().endMillis() <= beforeMillis) {
            slices.removeFirst();
        }
    }

    /** The kept slices, oldest first; the ring is empty afterwards. */
    List<Slice> drain() {
        List<Slice> out = List.copyOf(slices);
        slices.clear();
        return out;
    }
}
