package io.contmig.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sub-second downtime: for each operation (and each of its tenants), the milliseconds of the run clock holding the
 * intended start of a successful sample, and the gaps between them.
 *
 * <p>Recording sets one bit in a ring of {@value #RING_MS} ms ({@link #mark}, wait-free, allocation-free). Once a
 * millisecond is {@value #SETTLE_MS} ms old, no sample intended in it is expected any more (a sample that took
 * longer counts as failed for this purpose: its gap stays open); the flusher then reads the ring in time order
 * ({@link #take}) and reports, for every second, the <em>longest</em> span between intended starts of consecutive
 * successes ending in that second, with its exact start and end (ms). The span from the last success to the end of
 * the run is reported when the run ends. An operation-wide key is up when any of its tenants is.
 *
 * <p>Thread-safe: {@link #mark} from any thread; {@link #register} and {@link #take} under the owning recorder's lock.
 */
final class SuccessGaps {

    /** Ring length: a power of two, more than twice {@link #SETTLE_MS}. */
    static final int RING_MS = 1 << 17;
    /** How old a millisecond must be before its gaps are read. */
    static final long SETTLE_MS = 60_000;

    /** The longest gap of one key ending in one second: successes intended at {@code startMs} and {@code endMs}. */
    record Gap(String key, long startMs, long endMs) {
    }

    /** One key's (tag without {@code .ko}) ring of success milliseconds. */
    static final class Ring {
        private final AtomicLongArray bits = new AtomicLongArray(RING_MS / 64);
        /** Milliseconds before this are read: written by the flusher, read by recording threads. */
        private volatile long readUpToMs;

        /** Notes a success intended at {@code intendedNanos}; ignored once that millisecond has been read. */
        void mark(long intendedNanos) {
            long ms = intendedNanos / 1_000_000L;
            if (ms < readUpToMs || intendedNanos < 0) {
                return;
            }
            int slot = (int) (ms & (RING_MS - 1));
            long bit = 1L << (slot & 63);
            int word = slot >>> 6;
            // Most samples share their millisecond with another: test before the atomic write.
            if ((bits.get(word) & bit) == 0) {
                bits.getAndAccumulate(word, bit, (a, b) -> a | b);
            }
        }

        boolean takeBit(long ms) {
            int slot = (int) (ms & (RING_MS - 1));
            long bit = 1L << (slot & 63);
            int word = slot >>> 6;
            long before = bits.getAndAccumulate(word, ~bit, (a, b) -> a & b);
            return (before & bit) != 0;
        }
    }

    /** One key's reading state: the rings it is up in (its own, or its tenants' too), and the gap being built. */
    private static final class Reader {
        final List<Ring> rings = new ArrayList<>();
        long lastSuccessMs = -1;
        long bestSecond = -1;
        long bestStartMs;
        long bestEndMs;
    }

    private final Map<String, Ring> rings = new LinkedHashMap<>();
    private final Map<String, Reader> readers = new LinkedHashMap<>();
    private long readUpToMs;

    /**
     * The ring of {@code key} ({@code <op>} or {@code <op>@<tenant>}), created on first use; a tenant key's successes
     * also count for {@code operationKey}.
     */
    Ring register(String key, String operationKey) {
        Ring ring = rings.computeIfAbsent(key, k -> new Ring());
        Reader own = readers.computeIfAbsent(key, k -> new Reader());
        if (!own.rings.contains(ring)) {
            own.rings.add(ring);
        }
        if (!operationKey.equals(key)) {
            Ring opRing = rings.computeIfAbsent(operationKey, k -> new Ring());
            Reader op = readers.computeIfAbsent(operationKey, k -> new Reader());
            if (!op.rings.contains(opRing)) {
                op.rings.add(opRing);
            }
            op.rings.add(ring);
        }
        return ring;
    }

    /**
     * Reads every millisecond up to {@code nowMs - SETTLE_MS} (or {@code nowMs} when {@code runEnded}), clearing it
     * for the ring's next lap, and returns the longest gap of each finished second per key; when the run ended, also
     * each key's pending second and its last gap, open until {@code nowMs}.
     */
    List<Gap> take(long nowMs, boolean runEnded) {
        long upTo = runEnded ? nowMs : nowMs - SETTLE_MS;
        List<Gap> out = new ArrayList<>();
        if (upTo <= readUpToMs && !runEnded) {
            return out;
        }
        for (Ring ring : rings.values()) {
            ring.readUpToMs = Math.max(ring.readUpToMs, upTo);
        }
        // Every reader reads the shared rings: collect the bits once per millisecond, then clear them.
        Map<Ring, long[]> successes = new LinkedHashMap<>();
        for (Ring ring : rings.values()) {
            successes.put(ring, readSuccesses(ring, readUpToMs, Math.max(readUpToMs, upTo)));
        }
        for (Map.Entry<String, Reader> e : readers.entrySet()) {
            Reader r = e.getValue();
            long[] merged = merge(r.rings, successes);
            for (long ms : merged) {
                if (r.lastSuccessMs >= 0) {
                    long second = ms / 1_000;
                    if (second != r.bestSecond) {
                        flushBest(e.getKey(), r, out);
                        r.bestSecond = second;
                        r.bestStartMs = r.lastSuccessMs;
                        r.bestEndMs = ms;
                    } else if (ms - r.lastSuccessMs > r.bestEndMs - r.bestStartMs) {
                        r.bestStartMs = r.lastSuccessMs;
                        r.bestEndMs = ms;
                    }
                }
                r.lastSuccessMs = ms;
            }
            if (runEnded) {
                flushBest(e.getKey(), r, out);
                if (r.lastSuccessMs >= 0 && nowMs > r.lastSuccessMs) {
                    out.add(new Gap(e.getKey(), r.lastSuccessMs, nowMs));
                }
            }
        }
        readUpToMs = Math.max(readUpToMs, upTo);
        return out;
    }

    private static void flushBest(String key, Reader r, List<Gap> out) {
        if (r.bestSecond >= 0) {
            out.add(new Gap(key, r.bestStartMs, r.bestEndMs));
            r.bestSecond = -1;
        }
    }

    /** The milliseconds of [from, to) holding a success, ascending; clears them in the ring. */
    private static long[] readSuccesses(Ring ring, long from, long to) {
        long[] found = new long[16];
        int n = 0;
        for (long ms = from; ms < to; ms++) {
            // A recording thread that passed the ring's age check just as the millisecond was read leaves a bit
            // one lap ahead; clearing half a lap ahead (a future no sample is intended in yet) removes it.
            ring.takeBit(ms + RING_MS / 2);
            if (ring.takeBit(ms)) {
                if (n == found.length) {
                    found = java.util.Arrays.copyOf(found, n * 2);
                }
                found[n++] = ms;
            }
        }
        return java.util.Arrays.copyOf(found, n);
    }

    /** The ascending union of the rings' success milliseconds. */
    private static long[] merge(List<Ring> members, Map<Ring, long[]> successes) {
        if (members.size() == 1) {
            return successes.get(members.get(0));
        }
        java.util.TreeSet<Long> union = new java.util.TreeSet<>();
        for (Ring ring : members) {
            for (long ms : successes.get(ring)) {
                union.add(ms);
            }
        }
        return union.stream().mapToLong(Long::longValue).toArray();
    }
}
