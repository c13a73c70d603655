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

/** Makes {@link PgLogicalReplicationMigration}s ({@code postgresql/logical-replication}). Stateless. */
public final class PgLogicalReplicationFactory implements InjectorFactory {

    static final OptionKey<Duration> LAG_THRESHOLD = OptionKey.duration("lagThreshold")
            .defaultValue(Duration.ofMillis(500)).min(Duration.ZERO)
            .doc("Replication lag (pg_stat_replication.replay_lag) at which the cutover starts.");
    static final OptionKey<Duration> MAX_WRITE_BLOCK = OptionKey.duration("maxWriteBlock")
            .defaultValue(Duration.ofMillis(500)).min(Duration.ofMillis(10))
            .doc("Longest write block of the cutover; if the target is not caught up by then the injection fails, routing unchanged.");
    static final OptionKey<Duration> TIMEOUT = OptionKey.duration("timeout").defaultValue(Duration.ofMinutes(10))
            .min(Duration.ofSeconds(1)).doc("Deadline for the copy and catch-up phases together.");
    static final OptionKey<Boolean> DEFER_INDEXES = OptionKey.bool("deferIndexes").defaultValue(true)
            .doc("Build secondary indexes, foreign keys and triggers after the initial copy instead of during it.");
    static final OptionKey<Integer> COPY_WORKERS = OptionKey.integer("copyWorkers").defaultValue(0).min(0).max(16)
            .doc("0 = the subscription's table-sync copies each table in one stream; n > 0 = contmig copies as of the slot's snapshot with n parallel streams, large tables split by key range (throttle knob).");

    @Override
    public String alias() {
        return "postgresql/logical-replication";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("schema", "Creates the target database and its tables; publication and slot on the source."),
                PhaseSpec.of("copy", "Initial copy through the WAN (table-sync, or copyWorkers streams as of the slot's snapshot)."),
                PhaseSpec.of("indexes", "Builds the deferred indexes, foreign keys and triggers (with deferIndexes)."),
                PhaseSpec.of("catch-up", "Waits until the replication lag is at most lagThreshold."),
                PhaseSpec.of("cutover", "Brief bounded write block, lag 0, sequence fix-up, switch, unblock."),
                PhaseSpec.of("cleanup", "Drops subscription, publication and slot; with dropSource: <tenant>, the source database once the move is verified."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(LAG_THRESHOLD, MAX_WRITE_BLOCK, TIMEOUT, DEFER_INDEXES, COPY_WORKERS, SourceDrop.KEY,
                PgOptions.PG_BIN_DIR);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new PgLogicalReplicationMigration(spec, options);
    }
}
