package io.contmig.inject.postgres;

import io.contmig.inject.Injector;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.List;

/** Makes {@link PgLogicalReplicationMigration}s ({@code postgresql/logical-replication}). Stateless. */
public final class PgLogicalReplicationFactory implements InjectorFactory {

    @Override
    public String alias() {
        return "postgresql/logical-replication";
    }

    @Override
    public String kind() {
        return "migration";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.duration("lagThreshold").defaultValue(Duration.ofMillis(500)).min(Duration.ZERO)
                        .doc("Replication lag (pg_stat_replication.replay_lag) at which the cutover starts."),
                OptionSpec.duration("maxWriteBlock").defaultValue(Duration.ofMillis(500)).min(Duration.ofMillis(10))
                        .doc("Longest write block of the cutover; if the target is not caught up by then the injection fails, routing unchanged."),
                OptionSpec.duration("timeout").defaultValue(Duration.ofMinutes(10)).min(Duration.ofSeconds(1))
                        .doc("Deadline for the copy and catch-up phases together."),
                OptionSpec.bool("deferIndexes").defaultValue(true)
                        .doc("Build secondary indexes, foreign keys and triggers after the initial copy instead of during it."),
                OptionSpec.integer("copyWorkers").defaultValue(0).min(0).max(16)
                        .doc("0 = the subscription's table-sync copies each table in one stream; n > 0 = contmig copies as of the slot's snapshot with n parallel streams, large tables split by key range (throttle knob)."),
                OptionSpec.bool("dropSource").defaultValue(false)
                        .doc("Drop the source's copy of the tenant database after the switch."),
                PgOptions.PG_BIN_DIR);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new PgLogicalReplicationMigration(spec, options);
    }
}
