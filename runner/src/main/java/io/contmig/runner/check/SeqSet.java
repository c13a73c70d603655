package io.contmig.runner.check;

import java.util.BitSet;

/**
 * Which sequence numbers of one device were seen, and how often: a compact counter over seq 1..n. Not thread-safe.
 */
final class SeqSet {

    private final BitSet once = new BitSet();
    private final BitSet more = new BitSet();
    private long duplicates;
    private long maxSeen;
    private long reordered;

    /** Counts one occurrence of {@code seq} (≥ 1) arriving in stream order. */
    void add(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq " + seq + " out of range 1.." + Integer.MAX_VALUE);
        }
        int i = (int) seq;
        if (once.get(i)) {
            more.set(i);
            duplicates++;
        } else {
            once.set(i);
            if (seq < maxSeen) {
                reordered++;
            }
        }
        maxSeen = Math.max(maxSeen, seq);
    }

    boolean contains(long seq) {
        return seq >= 1 && seq <= Integer.MAX_VALUE && once.get((int) seq);
    }

    long duplicates() {
        return duplicates;
    }

    long reordered() {
        return reordered;
    }

    int distinct() {
        return once.cardinality();
    }
}
