package io.contmig.inject.influx;

import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.List;

/** Makes {@link InfluxBackupRestoreMigration}s ({@code influxdb/backup-restore}). Stateless. */
public final class InfluxBackupRestoreFactory implements InjectorFactory {

    private static final String HOST_PORT_OR_AUTO = "auto|[A-Za-z0-9.\\-]+:\\d{1,5}";

    @Override
    public String alias() {
        return "influxdb/backup-restore";
    }

    @Override
    public String kind() {
        return "migration";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("influxd").defaultValue("auto")
                        .doc("Path of the influxd binary that runs backup and restore; auto: PATH, else Debian's package."),
                OptionSpec.string("sourceRpc").defaultValue("auto").matching(HOST_PORT_OR_AUTO)
                        .doc("RPC (backup) address host:port of the source server; auto reads it from the server."),
                OptionSpec.string("targetRpc").defaultValue("auto").matching(HOST_PORT_OR_AUTO)
                        .doc("RPC (restore) address host:port of the target server; auto reads it from the server."),
                OptionSpec.duration("maxWriteBlock").defaultValue(Duration.ofSeconds(60)).min(Duration.ofMillis(1))
                        .doc("How long writers wait at most while the tenant's writes are blocked."),
                OptionSpec.duration("commandTimeout").defaultValue(Duration.ofMinutes(10)).min(Duration.ofSeconds(1))
                        .doc("Deadline of each influxd backup/restore command."),
                OptionSpec.bool("dropSource").defaultValue(false)
                        .doc("Drop the tenant database at the source after the cutover."),
                OptionSpec.duration("httpTimeout").defaultValue(Duration.ofSeconds(30)).min(Duration.ofMillis(100))
                        .doc("Timeout of each HTTP request to either server."));
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new InfluxBackupRestoreMigration(spec, new InfluxBackupRestoreMigration.Settings(
                options.string("influxd"), options.string("sourceRpc"), options.string("targetRpc"),
                options.duration("maxWriteBlock"), options.duration("commandTimeout"), options.bool("dropSource"),
                options.duration("httpTimeout")));
    }
}
