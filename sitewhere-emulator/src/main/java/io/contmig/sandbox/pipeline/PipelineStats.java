package io.contmig.sandbox.pipeline;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one tenant's pipeline: what came in, what was refused and why, what was stored and published, and
 * the failures that were recorded (and retried), and the events dead-lettered per reason. Thread-safe (wait-free counters).
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
        /** Writes that failed (blocked too long, store unreachable): recorded and retried. */
        WRITE_FAILURES,
        /** Events written to the tenant's dead-letter topic after bounded retries (see {@link #deadLetters()}). */
        DEAD_LETTERED
    }

    private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);
    private final Map<String, LongAdder> deadLetterReasons = new ConcurrentHashMap<>();

    public PipelineStats() {
        for (Counter c : Counter.values()) {
            counters.put(c, new LongAdder());
        }
    }

    void add(Counter counter, long n) {
        counters.get(counter).add(n);
    }

    /** Counts {@code n} events dead-lettered for {@code reason} (one of a few fixed labels: the map stays small). */
    void deadLettered(String reason, long n) {
        deadLetterReasons.computeIfAbsent(reason, r -> new LongAdder()).add(n);
        add(Counter.DEAD_LETTERED, n);
    }

    /** Events dead-lettered so far, per reason (sorted; empty when none). */
    public Map<String, Long> deadLetters() {
        Map<String, Long> out = new TreeMap<>();
        deadLetterReasons.forEach((reason, n) -> out.put(reason, n.sum()));
        return out;
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
