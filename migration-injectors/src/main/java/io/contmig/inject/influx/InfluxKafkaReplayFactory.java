package io.contmig.inject.influx;

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

/** Makes {@link InfluxKafkaReplayMigration}s ({@code influxdb/kafka-replay}). Stateless. */
public final class InfluxKafkaReplayFactory implements InjectorFactory {

    static final OptionKey<Integer> CATCH_UP_LAG = OptionKey.integer("catchUpLag").defaultValue(1000).min(0)
            .max(10_000_000)
            .doc("Events the topic may still hold beyond the replay when the cutover starts (replayed under the block).");
    static final OptionKey<Duration> MAX_WRITE_BLOCK = OptionKey.duration("maxWriteBlock")
            .defaultValue(Duration.ofSeconds(10)).min(Duration.ofMillis(1))
            .doc("How long the tenant's writes may wait at most while the last events are replayed at the cutover.");
    static final OptionKey<Duration> KAFKA_TIMEOUT = OptionKey.duration("kafkaTimeout")
            .defaultValue(Duration.ofSeconds(30)).min(Duration.ofMillis(100))
            .doc("Timeout of each Kafka metadata or offset request.");

    @Override
    public String alias() {
        return "influxdb/kafka-replay";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("replay", "Replays the tenant's inbound-events topic from its earliest offsets into a new target database."),
                PhaseSpec.of("catch-up", "Replays what arrived meanwhile until at most catchUpLag events remain."),
                PhaseSpec.of("cutover", "Holds the tenant's writes, replays the rest, switches, releases the writes."),
                PhaseSpec.of("cleanup", "Drops the source database (only with dropSource: <tenant>, once the move is verified)."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(InfluxOptions.BATCH_SIZE, CATCH_UP_LAG, MAX_WRITE_BLOCK, KAFKA_TIMEOUT,
                SourceDrop.KEY, InfluxOptions.HTTP_TIMEOUT);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues o) {
        return new InfluxKafkaReplayMigration(spec, new InfluxKafkaReplayMigration.Settings(
                o.get(InfluxOptions.BATCH_SIZE), o.get(CATCH_UP_LAG), o.get(MAX_WRITE_BLOCK), o.get(KAFKA_TIMEOUT),
                SourceDrop.requested(o, spec.tenant()), o.get(InfluxOptions.HTTP_TIMEOUT)));
    }
}
