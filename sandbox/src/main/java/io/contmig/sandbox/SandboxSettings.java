package io.contmig.sandbox;

import io.contmig.plan.SandboxTarget;
import io.contmig.plan.WanDelays;
import io.contmig.sandbox.pipeline.KafkaValues;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the sandbox; immutable, every {@code with*} returns a copy.
 *
 * @param workDir         where every server keeps its data ({@code <workDir>/<server>/}) and its pid file
 *                        ({@code <workDir>/run/}); leftovers of a killed run there are cleaned at start
 * @param wan             one-way delays of the emulated WAN (adjustable later with {@link Sandbox#setDelay})
 * @param kafkaHeap       {@code -Xmx} of each Kafka broker's JVM, e.g. {@code 512m}
 * @param durable         PostgreSQL {@code fsync} and {@code synchronous_commit} on (false: faster, not crash-safe)
 * @param startTimeout    how long all servers together may take to become ready
 * @param withRest        whether to start the SiteWhere REST API too
 * @param kafkaValues     how the pipeline writes its event topics' values (JSON, or protobuf as SiteWhere 3 does)
 * @param kafka           the Kafka topology: {@code per-site} (a single-broker cluster per site) or {@code stretched}
 *                        (one cluster with a broker per site, see {@link StretchedKafka})
 */
public record SandboxSettings(Path workDir, WanDelays wan, String kafkaHeap, boolean durable, Duration startTimeout,
                              boolean withRest, KafkaValues kafkaValues, String kafka) {

    /** The default WAN (root README.md): devices→edge 2 ms, devices→cloud 25 ms, edge↔cloud 20 ms, no bandwidth cap. */
    public static final WanDelays DEFAULT_WAN =
            new WanDelays(Duration.ofMillis(2), Duration.ofMillis(25), Duration.ofMillis(20), 0);

    /** No WAN delay at all (benchmarks of the pipeline alone). */
    public static final WanDelays NO_DELAY = new WanDelays(Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);

    public SandboxSettings {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(wan, "wan");
        if (kafkaHeap == null || !kafkaHeap.matches("[0-9]+[kmg]")) {
            throw new IllegalArgumentException("kafkaHeap (" + kafkaHeap + ") must look like 512m");
        }
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout (" + startTimeout + ") must be > 0");
        }
        Objects.requireNonNull(kafkaValues, "kafkaValues");
        if (!SandboxTarget.KAFKA_TOPOLOGIES.contains(kafka)) {
            throw new IllegalArgumentException("kafka (" + kafka + ") must be one of " + SandboxTarget.KAFKA_TOPOLOGIES);
        }
    }

    /** As the canonical constructor, with JSON Kafka values and a Kafka cluster per site. */
    public SandboxSettings(Path workDir, WanDelays wan, String kafkaHeap, boolean durable, Duration startTimeout,
                           boolean withRest) {
        this(workDir, wan, kafkaHeap, durable, startTimeout, withRest, KafkaValues.JSON, SandboxTarget.KAFKA_PER_SITE);
    }

    /** Defaults under {@code workDir}: the default WAN, 512 MiB Kafka heaps, durable PostgreSQL, 120 s, REST on. */
    public static SandboxSettings defaults(Path workDir) {
        return new SandboxSettings(workDir, DEFAULT_WAN, "512m", true, Duration.ofSeconds(120), true);
    }

    public SandboxSettings withWan(WanDelays newWan) {
        return new SandboxSettings(workDir, newWan, kafkaHeap, durable, startTimeout, withRest, kafkaValues, kafka);
    }

    public SandboxSettings withKafkaHeap(String heap) {
        return new SandboxSettings(workDir, wan, heap, durable, startTimeout, withRest, kafkaValues, kafka);
    }

    public SandboxSettings withDurable(boolean newDurable) {
        return new SandboxSettings(workDir, wan, kafkaHeap, newDurable, startTimeout, withRest, kafkaValues, kafka);
    }

    public SandboxSettings withKafkaValues(KafkaValues values) {
        return new SandboxSettings(workDir, wan, kafkaHeap, durable, startTimeout, withRest, values, kafka);
    }

    public SandboxSettings withRest(boolean rest) {
        return new SandboxSettings(workDir, wan, kafkaHeap, durable, startTimeout, rest, kafkaValues, kafka);
    }

    /** With the Kafka topology {@code topology} ({@code per-site} or {@code stretched}). */
    public SandboxSettings withKafka(String topology) {
        return new SandboxSettings(workDir, wan, kafkaHeap, durable, startTimeout, withRest, kafkaValues, topology);
    }
}
