package io.contmig.sitewhere;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The per-hop timestamps of the sandbox pipeline and how they travel: the pipeline stamps each event at its
 * {@link Stamp stamps} (microseconds on its own monotonic clock), carries them from topic to topic in the Kafka
 * record header {@link #HEADER} (SiteWhere's record values stay as they are), and the outbound connector puts them
 * into the published event's {@code metadata} under {@link #METADATA_KEY}. The load's echo subscriber turns the
 * differences between consecutive stamps into operations {@code hop.<name>} ({@link #HOPS}), timed from the
 * event's intended start like {@code mqtt.e2e}, so they sit in the same windows and phases.
 *
 * <p>Encoding: {@code <first stamp>,<delta 1>,<delta 2>,...} in decimal microseconds, deltas between consecutive
 * stamps in {@link Stamp} order. Only differences are ever recorded, so the pipeline's clock needs no agreement with
 * the load's; the MQTT legs (device → intake, publish → receipt) are not hops. Stateless and thread-safe.
 */
public final class PipelineHops {

    /** Kafka record header carrying the stamps so far. */
    public static final String HEADER = "contmig.hops";
    /** Outbound event metadata key carrying every stamp. */
    public static final String METADATA_KEY = "contmig.hops";

    /** The stamps, in the order an event passes them. */
    public enum Stamp {
        /** The MQTT message reached the event source. */
        INTAKE,
        /** Sent to {@code event-source-decoded-events}. */
        DECODED_PRODUCE,
        /** Polled by inbound processing. */
        INBOUND_CONSUME,
        /** Device and assignment looked up in the registry. */
        LOOKUP,
        /** Polled from {@code inbound-events} by persistence. */
        PERSIST_CONSUME,
        /** Written to InfluxDB. */
        INFLUX_WRITTEN,
        /** Polled from {@code outbound-events} by the outbound connector. */
        OUTBOUND_CONSUME,
        /** Published to the outbound MQTT topic. */
        PUBLISH
    }

    /**
     * The hop names, {@code HOPS.get(i)} ending at stamp {@code i + 1}: the time between two consecutive stamps.
     * Operation tags are {@code hop.<name>}.
     */
    public static final List<String> HOPS = List.of("decode", "decodedEvents", "lookup", "inboundEvents",
            "influxWrite", "outboundEvents", "publish");

    private static final long BASE_NANOS = System.nanoTime();
    private static final long BASE_EPOCH_MICROS = System.currentTimeMillis() * 1_000L;

    private PipelineHops() {
    }

    /** Now, in microseconds: epoch-anchored once per JVM, then monotonic ({@code System.nanoTime}). */
    public static long nowMicros() {
        return BASE_EPOCH_MICROS + (System.nanoTime() - BASE_NANOS) / 1_000L;
    }

    /** The header value of a first stamp. */
    public static byte[] first(long micros) {
        return Long.toString(micros).getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code stamps} (a header value) with one more stamp appended; {@code null} stays {@code null}. */
    public static byte[] append(byte[] stamps, long micros) {
        if (stamps == null) {
            return null;
        }
        long last = last(stamps);
        byte[] delta = (',' + Long.toString(Math.max(0, micros - last))).getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(stamps, stamps.length + delta.length);
        System.arraycopy(delta, 0, out, stamps.length, delta.length);
        return out;
    }

    /**
     * The hop durations in microseconds encoded in {@code value} (a header or metadata value): element {@code i} is
     * hop {@code HOPS.get(i)}; fewer when the event passed fewer stamps; empty when {@code value} is malformed.
     */
    public static long[] hopMicros(String value) {
        if (value == null || value.isEmpty()) {
            return new long[0];
        }
        String[] parts = value.split(",");
        long[] hops = new long[Math.min(parts.length - 1, HOPS.size())];
        try {
            Long.parseLong(parts[0]);
            for (int i = 0; i < hops.length; i++) {
                hops[i] = Long.parseLong(parts[i + 1]);
            }
        } catch (NumberFormatException e) {
            return new long[0];
        }
        return hops;
    }

    /** The absolute time of the last stamp in {@code stamps}. */
    private static long last(byte[] stamps) {
        long total = 0;
        long current = 0;
        for (byte b : stamps) {
            if (b == ',') {
                total += current;
                current = 0;
            } else {
                current = current * 10 + (b - '0');
            }
        }
        return total + current;
    }
}
