package io.contmig.sandbox.pipeline;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one tenant's pipeline: what came in, what was refused and why, what was stored and published, and
 * the failures that were recorded (and retried) instead of losing data. Thread-safe (wait-free counters).
 */
public final class PipelineStats {

    /** What is counted. */
    public enum Counter {
        /** MQTT messages received on the input topic (duplicates included). */
        RECEIVED,
        /** Redelivered MQTT messages dropped because they had already been forwarded. */
        DUPLICATES_DROPPED,
        /** Requests written to {@code event-source-decoded-events}. */
        DECODED,
        /** Payloads refused by the decoder, written to {@code event-source-failed-decode-events}. */
        FAILED_DECODE,
        /** Registration requests (forwarded to {@code inbound-device-registration-events}, not stored). */
        REGISTRATIONS,
        /** Events of unknown devices (to {@code inbound-unregistered-device-events}, not stored). */
        UNREGISTERED,
        /** Events of known devices without an active assignment (not stored, as in SiteWhere). */
        UNASSIGNED,
        /** Events written to {@code inbound-events} (one per active assignment). */
        INBOUND,
        /** Events stored in InfluxDB and written to {@code outbound-events}. */
        PERSISTED,
        /** Events published by the outbound connector. */
        PUBLISHED,
        /** Writes that failed (blocked too long, store unreachable): recorded and retried, never dropped. */
        WRITE_FAILURES
    }

    private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);

    public PipelineStats() {
        for (Counter c : Counter.values()) {
            counters.put(c, new LongAdder());
        }
    }

    void add(Counter counter, long n) {
        counters.get(counter).add(n);
    }

    /** The current value of {@code counter}. */
    public long get(Counter counter) {
        return counters.get(counter).sum();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PipelineStats[");
        counters.forEach((k, v) -> s.append(k.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                .append(v.sum()).append(' '));
        return s.append(']').toString();
    }
}
