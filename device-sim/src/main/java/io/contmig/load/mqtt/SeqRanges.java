package io.contmig.load.mqtt;

import java.util.BitSet;
import java.util.function.LongConsumer;

/**
 * A set of sequence numbers ≥ 1 stored as "everything up to {@code contiguous}" plus a bitset of the ones above it.
 * Acknowledgements arrive almost in order, so a device that lost nothing costs one {@code long}.
 *
 * <p>Not thread-safe: the owning {@link FleetDevice} guards it.
 */
final class SeqRanges {

    /** Rebase the bitset once the contiguous prefix has moved this far past its base (keeps it small). */
    private static final long REBASE_DISTANCE = 4096;

    private long contiguous;
    /** Bit {@code i} set ⇔ seq {@code base + i} is in the set and above {@code contiguous}. */
    private BitSet above = new BitSet();
    private long base = 1;

    /** Adds {@code seq}; returns false when it was already present (a duplicate acknowledgement). */
    boolean add(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq (" + seq + ") must be >= 1");
        }
        if (seq <= contiguous) {
            return false;
        }
        if (seq == contiguous + 1) {
            contiguous = seq;
            absorb();
            return true;
        }
        int bit = Math.toIntExact(seq - base);
        if (above.get(bit)) {
            return false;
        }
        above.set(bit);
        return true;
    }

    /** Moves set bits that now touch the contiguous prefix into it. */
    private void absorb() {
        while (true) {
            long next = contiguous + 1;
            int bit = (int) (next - base);
            if (next < base || !above.get(bit)) {
                break;
            }
            above.clear(bit);
            contiguous = next;
        }
        if (contiguous - base > REBASE_DISTANCE) {
            int from = (int) (contiguous + 1 - base);
            above = above.get(from, Math.max(from, above.length()));
            base = contiguous + 1;
        }
    }

    boolean contains(long seq) {
        if (seq < 1) {
            return false;
        }
        if (seq <= contiguous) {
            return true;
        }
        long bit = seq - base;
        return bit >= 0 && bit < Integer.MAX_VALUE && above.get((int) bit);
    }

    long size() {
        return contiguous + above.cardinality();
    }

    /** Every member in increasing order. */
    void forEach(LongConsumer action) {
        for (long s = 1; s <= contiguous; s++) {
            action.accept(s);
        }
        for (int i = above.nextSetBit(0); i >= 0; i = above.nextSetBit(i + 1)) {
            action.accept(base + i);
        }
    }
}
