package io.contmig.inject.kafka;

import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.List;

/** Makes {@link KafkaMirrorMaker2Migration}s ({@code kafka/mirrormaker2}). Stateless. */
public final class KafkaMirrorMaker2Factory implements InjectorFactory {

    @Override
    public String alias() {
        return "kafka/mirrormaker2";
    }

    @Override
    public String kind() {
        return "migration";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.longValue("lagThreshold").defaultValue(100L).min(0)
                        .doc("Mirror lag in messages (all tenant partitions) at which the cutover starts."),
                OptionSpec.duration("minMirror").defaultValue(Duration.ZERO).min(Duration.ZERO)
                        .doc("Shortest mirror phase (keeps mirroring before the cutover, e.g. to observe steady lag)."),
                OptionSpec.duration("mirrorTimeout").defaultValue(Duration.ofMinutes(5)).min(Duration.ofSeconds(1))
                        .doc("How long the mirror may take to reach lagThreshold before the injection fails."),
                OptionSpec.duration("maxWriteBlock").defaultValue(Duration.ofSeconds(30)).min(Duration.ofMillis(1))
                        .doc("How long producers wait at most while the tenant's writes are blocked at cutover."),
                OptionSpec.duration("cutoverTimeout").defaultValue(Duration.ofSeconds(20)).min(Duration.ofMillis(100))
                        .doc("How long the cutover waits for lag 0 and translated group offsets under the block."),
                OptionSpec.bool("deleteSourceTopics").defaultValue(false)
                        .doc("Delete the tenant's topics at the source after the cutover."),
                OptionSpec.string("mm2Heap").defaultValue("512m").matching("\\d+[mg]")
                        .doc("-Xmx of the MirrorMaker 2 JVM."),
                OptionSpec.duration("adminTimeout").defaultValue(Duration.ofSeconds(10)).min(Duration.ofMillis(100))
                        .doc("Timeout of each Kafka admin call."));
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new KafkaMirrorMaker2Migration(spec, new KafkaMirrorMaker2Migration.Settings(
                options.longValue("lagThreshold"), options.duration("minMirror"), options.duration("mirrorTimeout"), options.duration("maxWriteBlock"),
                options.duration("cutoverTimeout"), options.bool("deleteSourceTopics"), options.string("mm2Heap"),
                options.duration("adminTimeout")));
    }
}
