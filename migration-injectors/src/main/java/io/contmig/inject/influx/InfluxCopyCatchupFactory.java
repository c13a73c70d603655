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

/** Makes {@link InfluxCopyCatchupMigration}s ({@code influxdb/copy-catchup}). Stateless. */
public final class InfluxCopyCatchupFactory implements InjectorFactory {

    static final OptionKey<Duration> CHUNK = OptionKey.duration("chunk").defaultValue(Duration.ofHours(1))
            .min(Duration.ofMillis(1))
            .doc("Longest time span read by one copy query (throttle knob: smaller chunks, more queries; each query "
                    + "decodes whole storage blocks, so 10 min chunks cost the source twice the CPU of 1 h ones).");
    static final OptionKey<Double> POINTS_PER_SECOND = OptionKey.decimal("pointsPerSecond").defaultValue(0.0).min(0)
            .doc("Upper bound of the copy rate in points per second; 0 means unthrottled.");
    static final OptionKey<Integer> PARALLELISM = OptionKey.integer("parallelism").defaultValue(4).min(1).max(64)
            .doc("Read streams (time slices queried at once) and write streams of the copy (1: one query after the other, one write at a time).");
    static final OptionKey<String> PRECISION = OptionKey.oneOf("precision", "ns", "ms").defaultValue("ns")
            .doc("Timestamp precision of the copied points (ms truncates sub-millisecond times).");

    @Override
    public String alias() {
        return "influxdb/copy-catchup";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("dual-write", "Starts writing the tenant's new points to the target too."),
                PhaseSpec.of("copy", "Copies history in time chunks, parallel reads → line protocol → parallel writes, throttled."),
                PhaseSpec.of("catch-up", "Copies what arrived during the copy, fields first written meanwhile included."),
                PhaseSpec.of("cutover", "Switches the tenant's reads to the target, stops the dual write."),
                PhaseSpec.of("cleanup", "Drops the source database (only with dropSource: <tenant>, once the move is verified)."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(CHUNK, InfluxOptions.BATCH_SIZE, POINTS_PER_SECOND, PARALLELISM, PRECISION, SourceDrop.KEY,
                InfluxOptions.HTTP_TIMEOUT);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues o) {
        return new InfluxCopyCatchupMigration(spec, new InfluxCopyCatchupMigration.Settings(
                o.get(CHUNK), o.get(InfluxOptions.BATCH_SIZE), o.get(POINTS_PER_SECOND), o.get(PARALLELISM), o.get(PRECISION),
                SourceDrop.requested(o, spec.tenant()), o.get(InfluxOptions.HTTP_TIMEOUT)));
    }
}
