package io.contmig.inject.kafka;

import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionKey;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.PhaseSpec;
import io.contmig.options.SourceDrop;

import java.time.Duration;
import java.util.List;

/** Makes {@link KafkaMirrorMaker2Migration}s ({@code kafka/mirrormaker2}). Stateless. */
public final class KafkaMirrorMaker2Factory implements InjectorFactory {

    static final OptionKey<Long> LAG_THRESHOLD = OptionKey.longValue("lagThreshold").defaultValue(100L).min(0)
            .doc("Mirror lag in messages (all tenant partitions) at which the cutover starts.");
    static final OptionKey<Duration> MIN_MIRROR = OptionKey.duration("minMirror").defaultValue(Duration.ZERO)
            .min(Duration.ZERO)
            .doc("Shortest mirror phase (keeps mirroring before the cutover, e.g. to observe steady lag).");
    static final OptionKey<Duration> MIRROR_TIMEOUT = OptionKey.duration("mirrorTimeout")
            .defaultValue(Duration.ofMinutes(5)).min(Duration.ofSeconds(1))
            .doc("How long the mirror may take to reach lagThreshold before the injection fails.");
    static final OptionKey<Duration> MAX_WRITE_BLOCK = OptionKey.duration("maxWriteBlock")
            .defaultValue(Duration.ofSeconds(30)).min(Duration.ofMillis(1))
            .doc("How long producers wait at most while the tenant's writes are blocked at cutover.");
    static final OptionKey<Duration> CUTOVER_TIMEOUT = OptionKey.duration("cutoverTimeout")
            .defaultValue(Duration.ofSeconds(20)).min(Duration.ofMillis(100))
            .doc("How long the cutover waits for lag 0 and translated group offsets under the block.");
    static final OptionKey<String> OFFSET_TRANSLATION = OptionKey.oneOf("offsetTranslation", "derived", "checkpoints")
            .defaultValue("derived")
            .doc("How the cutover gets the consumer groups' offsets on the target: derived from both clusters' offsets "
                    + "at lag 0 (checked against MM2's checkpoints) or by waiting for MM2's periodic checkpoints.");
    static final OptionKey<String> MM2_HEAP = OptionKey.string("mm2Heap").defaultValue("512m").matching("\\d+[mg]")
            .doc("-Xmx of the MirrorMaker 2 JVM.");

    @Override
    public String alias() {
        return "kafka/mirrormaker2";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("mirror", "MirrorMaker 2 mirrors the tenant's topics and group offsets until the lag is at most lagThreshold."),
                PhaseSpec.of("cutover", "Blocks the tenant's writes, waits for lag 0, derives (or waits for MM2 to translate) the groups' offsets, switches producers and consumers."),
                PhaseSpec.of("cleanup", "Stops MirrorMaker 2 and its internal topics (and, with dropSource: <tenant>, the source topics once the move is verified)."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(LAG_THRESHOLD, MIN_MIRROR, MIRROR_TIMEOUT, MAX_WRITE_BLOCK, CUTOVER_TIMEOUT,
                SourceDrop.KEY, MM2_HEAP, KafkaOptions.ADMIN_TIMEOUT, OFFSET_TRANSLATION);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues o) {
        return new KafkaMirrorMaker2Migration(spec, new KafkaMirrorMaker2Migration.Settings(
                o.get(LAG_THRESHOLD), o.get(MIN_MIRROR), o.get(MIRROR_TIMEOUT), o.get(MAX_WRITE_BLOCK),
                o.get(CUTOVER_TIMEOUT), SourceDrop.requested(o, spec.tenant()), o.get(MM2_HEAP), o.get(KafkaOptions.ADMIN_TIMEOUT),
                KafkaMirrorMaker2Migration.OffsetTranslation.valueOf(
                        o.get(OFFSET_TRANSLATION).toUpperCase(java.util.Locale.ROOT))));
    }
}
