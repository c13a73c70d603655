package io.contmig.plan;

import java.util.List;
import java.util.Objects;

/**
 * The embedded sandbox: two sites, {@code cloud} and {@code edge}, joined by an emulated WAN.
 *
 * @param wan         the emulated WAN's delays
 * @param kafkaValues how its pipeline writes the event topics' values: {@code json} (default) or {@code protobuf}
 *                    (as SiteWhere 3 does)
 * @param kafka       the Kafka topology: {@link #KAFKA_PER_SITE} (a cluster per site, the default) or
 *                    {@link #KAFKA_STRETCHED} (one cluster with a broker per site)
 */
public record SandboxTarget(WanDelays wan, String kafkaValues, String kafka) implements TargetPlan {

    /** The sandbox's sites. */
    public static final List<String> SITES = List.of("cloud", "edge");

    /** The accepted {@link #kafkaValues} labels. */
    public static final List<String> KAFKA_VALUES = List.of("json", "protobuf");

    /** A single-broker Kafka cluster per site (the default). */
    public static final String KAFKA_PER_SITE = "per-site";
    /** One KRaft cluster with a broker at each site. */
    public static final String KAFKA_STRETCHED = "stretched";
    /** The Kafka topologies, the default first. */
    public static final List<String> KAFKA_TOPOLOGIES = List.of(KAFKA_PER_SITE, KAFKA_STRETCHED);

    /** A sandbox writing JSON Kafka values, a Kafka cluster per site. */
    public SandboxTarget(WanDelays wan) {
        this(wan, "json");
    }

    /** A sandbox with a Kafka cluster per site. */
    public SandboxTarget(WanDelays wan, String kafkaValues) {
        this(wan, kafkaValues, KAFKA_PER_SITE);
    }

    public SandboxTarget {
        Objects.requireNonNull(wan, "wan");
        if (!KAFKA_VALUES.contains(kafkaValues)) {
            throw new IllegalArgumentException("kafkaValues (" + kafkaValues + ") must be one of " + KAFKA_VALUES);
        }
        if (!KAFKA_TOPOLOGIES.contains(kafka)) {
            throw new IllegalArgumentException("kafka (" + kafka + ") must be one of " + KAFKA_TOPOLOGIES);
        }
    }

    @Override
    public String label() {
        return "sandbox";
    }

    @Override
    public List<String> sites() {
        return SITES;
    }
}
