package io.contmig.plan;

import java.util.List;
import java.util.Objects;

/**
 * The embedded sandbox: two sites, {@code cloud} and {@code edge}, joined by an emulated WAN.
 *
 * @param wan         the emulated WAN's delays
 * @param kafkaValues how its pipeline writes the event topics' values: {@code json} (default) or {@code protobuf}
 *                    (as SiteWhere 3 does)
 */
public record SandboxTarget(WanDelays wan, String kafkaValues) implements TargetPlan {

    /** The sandbox's sites. */
    public static final List<String> SITES = List.of("cloud", "edge");

    /** The accepted {@link #kafkaValues} labels. */
    public static final List<String> KAFKA_VALUES = List.of("json", "protobuf");

    /** A sandbox writing JSON Kafka values. */
    public SandboxTarget(WanDelays wan) {
        this(wan, "json");
    }

    public SandboxTarget {
        Objects.requireNonNull(wan, "wan");
        if (!KAFKA_VALUES.contains(kafkaValues)) {
            throw new IllegalArgumentException("kafkaValues (" + kafkaValues + ") must be one of " + KAFKA_VALUES);
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
