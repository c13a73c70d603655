package io.contmig.inject.postgres;

import io.contmig.inject.Injector;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.List;

/** Makes {@link PgStopAndCopyMigration}s ({@code postgresql/stop-and-copy}). Stateless. */
public final class PgStopAndCopyFactory implements InjectorFactory {

    @Override
    public String alias() {
        return "postgresql/stop-and-copy";
    }

    @Override
    public String kind() {
        return "migration";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.duration("maxWriteBlock").defaultValue(Duration.ofSeconds(120)).min(Duration.ofMillis(1))
                        .doc("How long the tenant's writers wait for the copy before their writes fail."),
                OptionSpec.integer("batchRows").defaultValue(10_000).min(1)
                        .doc("Rows per COPY FROM STDIN transaction on the target (throttle knob)."),
                OptionSpec.longValue("copyRowsPerSecond").defaultValue(0L).min(0)
                        .doc("Upper bound of the copy rate in rows per second; 0 = unthrottled (throttle knob)."),
                PgOptions.PG_BIN_DIR);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new PgStopAndCopyMigration(spec, options);
    }
}
