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

/** Makes {@link InfluxBackupRestoreMigration}s ({@code influxdb/backup-restore}). Stateless. */
public final class InfluxBackupRestoreFactory implements InjectorFactory {

    private static final String HOST_PORT_OR_AUTO = "auto|[A-Za-z0-9.\\-]+:\\d{1,5}";

    static final OptionKey<String> INFLUXD = OptionKey.string("influxd").defaultValue("auto")
            .doc("Path of the influxd binary that runs backup and restore; auto: PATH, else Debian's package.");
    static final OptionKey<String> SOURCE_RPC = OptionKey.string("sourceRpc").defaultValue("auto")
            .matching(HOST_PORT_OR_AUTO)
            .doc("RPC (backup) address host:port of the source server; auto reads it from the server.");
    static final OptionKey<String> TARGET_RPC = OptionKey.string("targetRpc").defaultValue("auto")
            .matching(HOST_PORT_OR_AUTO)
            .doc("RPC (restore) address host:port of the target server; auto reads it from the server.");
    static final OptionKey<Duration> MAX_WRITE_BLOCK = OptionKey.duration("maxWriteBlock")
            .defaultValue(Duration.ofSeconds(60)).min(Duration.ofMillis(1))
            .doc("How long writers wait at most while the tenant's writes are blocked.");
    static final OptionKey<Duration> COMMAND_TIMEOUT = OptionKey.duration("commandTimeout")
            .defaultValue(Duration.ofMinutes(10)).min(Duration.ofSeconds(1))
            .doc("Deadline of each influxd backup/restore command.");

    @Override
    public String alias() {
        return "influxdb/backup-restore";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("block", "Blocks the tenant's writes (at most maxWriteBlock)."),
                PhaseSpec.of("backup", "influxd backup -portable of the tenant database on the source."),
                PhaseSpec.of("restore", "influxd restore -portable into the target."),
                PhaseSpec.of("cutover", "Switches the tenant's reads and writes to the target, unblocks."),
                PhaseSpec.of("cleanup", "Drops the source database (only with dropSource: <tenant>, once the move is verified)."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(INFLUXD, SOURCE_RPC, TARGET_RPC, MAX_WRITE_BLOCK, COMMAND_TIMEOUT,
                SourceDrop.KEY, InfluxOptions.HTTP_TIMEOUT);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues o) {
        return new InfluxBackupRestoreMigration(spec, new InfluxBackupRestoreMigration.Settings(
                o.get(INFLUXD), o.get(SOURCE_RPC), o.get(TARGET_RPC), o.get(MAX_WRITE_BLOCK), o.get(COMMAND_TIMEOUT),
                SourceDrop.requested(o, spec.tenant()), o.get(InfluxOptions.HTTP_TIMEOUT)));
    }
}
