package io.contmig.inject.postgres;

import io.contmig.inject.Injector;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionKey;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.PhaseSpec;
import io.contmig.options.SourceDrop;

import java.time.Duration;
import java.util.List;

/** Makes {@link PgStopAndCopyMigration}s ({@code postgresql/stop-and-copy}). Stateless. */
public final class PgStopAndCopyFactory implements InjectorFactory {

    static final OptionKey<Duration> MAX_WRITE_BLOCK = OptionKey.duration("maxWriteBlock")
            .defaultValue(Duration.ofSeconds(120)).min(Duration.ofMillis(1))
            .doc("How long the tenant's writers wait for the copy before their writes fail.");
    static final OptionKey<Integer> BATCH_ROWS = OptionKey.integer("batchRows").defaultValue(10_000).min(1)
            .doc("Rows per COPY FROM STDIN transaction on the target (throttle knob).");
    static final OptionKey<Long> COPY_ROWS_PER_SECOND = OptionKey.longValue("copyRowsPerSecond").defaultValue(0L).min(0)
            .doc("Upper bound of the copy rate in rows per second; 0 = unthrottled (throttle knob).");

    @Override
    public String alias() {
        return "postgresql/stop-and-copy";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("block", "Blocks the tenant's writes (at most maxWriteBlock)."),
                PhaseSpec.of("schema", "Creates the target database and its tables (pg_dump --schema-only, pre-data)."),
                PhaseSpec.of("copy", "Streams every table with COPY, in batches of batchRows."),
                PhaseSpec.of("indexes", "Builds indexes, constraints and triggers (post-data)."),
                PhaseSpec.of("cutover", "Fixes sequences, switches the tenant's database to the target, unblocks."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(MAX_WRITE_BLOCK, BATCH_ROWS, COPY_ROWS_PER_SECOND, SourceDrop.KEY, PgOptions.PG_BIN_DIR);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new PgStopAndCopyMigration(spec, options);
    }
}
