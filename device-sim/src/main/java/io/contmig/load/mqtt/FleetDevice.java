package io.contmig.load.mqtt;

import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * One simulated device: its identity, schedule, sequence counter, acknowledged set and the intended starts of its
 * events still waiting for their outbound echo.
 *
 * <p>Scheduler-thread fields ({@code nextIntendedNanos}, {@code lastSeq}, {@code values}) are touched by the
 * scheduler only; the acknowledged set and the end-to-end ring are guarded by {@code this}, because PUBACK
 * callbacks and outbound messages arrive on Paho's threads.
 */
final class FleetDevice {

    /** Marks a ring slot whose event is resolved (matched or failed). */
    private static final long RESOLVED = Long.MIN_VALUE;

    final int index;
    final int tenantIndex;
    final String token;
    final String deviceId;
    final IntendedStarts starts;
    final SplittableRandom values;
    /** Connection this device publishes on (its own in per-device mode). */
    MqttLink connection;

    long nextIntendedNanos;
    long lastSeq;
    /** The eventDate (epoch ms) of this device's previous event; see {@link #nextEventDateMillis}. */
    private long lastEventDateMillis = Long.MIN_VALUE;

    private final SeqRanges acked = new SeqRanges();
    private volatile long highestSent;

    // End-to-end ring: intended start of seq s at slot s & (ring.length - 1), valid for e2eLow <= s <= e2eHigh.
    private long[] ring = new long[8];
    private long e2eLow = 1;
    private long e2eHigh;
    private int e2ePending;

    FleetDevice(int index, int tenantIndex, String token, String deviceId, IntendedStarts starts, long valueSeed) {
        this.index = index;
        this.tenantIndex = tenantIndex;
        this.token = token;
        this.deviceId = deviceId;
        this.starts = starts;
        this.values = new SplittableRandom(valueSeed);
    }

    void sent(long seq) {
        highestSent = seq;
    }

    long highestSent() {
        return highestSent;
    }

    /** Records a PUBACK; false for a duplicate. */
    synchronized boolean acknowledge(long seq) {
        return acked.add(seq);
    }

    synchronized boolean isAcknowledged(long seq) {
        return acked.contains(seq);
    }

    synchronized long acknowledgedCount() {
        return acked.size();
    }

    synchronized void forEachAcknowledged(LongConsumer action) {
        acked.forEach(action);
    }

    /** Starts waiting for the outbound echo of {@code seq} (called in seq order). */
    synchronized void expectEcho(long seq, long intendedNanos) {
        if (e2ePending == 0) {
            e2eLow = seq;
        } else if (seq - e2eLow >= ring.length) {
            grow(seq - e2eLow + 1);
        }
        ring[(int) (seq & (ring.length - 1))] = intendedNanos;
        e2eHigh = seq;
        e2ePending++;
    }

    private void grow(long needed) {
        int capacity = ring.length;
        while (capacity < needed) {
            capacity = Math.multiplyExact(capacity, 2);
        }
        long[] bigger = new long[capacity];
        for (long s = e2eLow; s <= e2eHigh; s++) {
            bigger[(int) (s & (capacity - 1))] = ring[(int) (s & (ring.length - 1))];
        }
        ring = bigger;
    }

    /**
     * Resolves the echo of {@code seq}: returns its intended start, or {@link Long#MIN_VALUE} when it is not pending
     * (a duplicate echo, or one already failed).
     */
    synchronized long resolveEcho(long seq) {
        if (e2ePending == 0 || seq < e2eLow || seq > e2eHigh) {
            return RESOLVED;
        }
        int slot = (int) (seq & (ring.length - 1));
        long intended = ring[slot];
        if (intended == RESOLVED) {
            return RESOLVED;
        }
        ring[slot] = RESOLVED;
        e2ePending--;
        while (e2ePending > 0 && ring[(int) (e2eLow & (ring.length - 1))] == RESOLVED) {
            e2eLow++;
        }
        return intended;
    }

    synchronized int pendingEchoes() {
        return e2ePending;
    }

    /** Resolves every pending echo, handing each intended start to {@code action}; used at the end of a run. */
    synchronized void abandonEchoes(LongConsumer intendedAction) {
        for (long s = e2eLow; e2ePending > 0 && s <= e2eHigh; s++) {
            int slot = (int) (s & (ring.length - 1));
            if (ring[slot] != RESOLVED) {
                intendedAction.accept(ring[slot]);
                ring[slot] = RESOLVED;
                e2ePending--;
            }
        }
    }

    /**
     * The eventDate of this device's next event: its intended time in epoch milliseconds, moved one millisecond past
     * the previous event's when two fall in the same millisecond. SiteWhere stores an event as an InfluxDB point keyed
     * by (series, time in ms), so two events of one device in one millisecond would overwrite each other — a loss the
     * harness would cause, not the platform. A real device's clock does not report two readings at the same instant.
     */
    long nextEventDateMillis(long intendedEpochMillis) {
        lastEventDateMillis = Math.max(intendedEpochMillis, lastEventDateMillis + 1);
        return lastEventDateMillis;
    }
}
