package io.contmig.inject.influx;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Migration;
import io.contmig.inject.Verifier;
import io.contmig.servers.DebianPackages;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code influxdb/backup-restore}: stop-and-copy of one tenant's InfluxDB database with the server's own tools.
 * Phases: {@code block} (the tenant's writes are held by {@link TenantRouting#blockWrites}), {@code backup}
 * ({@code influxd backup -portable -database tenant_<t> -host <source rpc>}), {@code restore}
 * ({@code influxd restore -portable -db tenant_<t> -host <target rpc>}), both run at the target site, so the backup
 * reads the source through the route's WAN ({@link InfluxRpcAddress}), {@code cutover} (switch, then the block is
 * released; writers that waited write to the target), optionally {@code cleanup} (drop the source database).
 *
 * <p>Writers wait during the whole copy, at most {@code maxWriteBlock}; a longer copy fails their writes (recorded by
 * them). On failure the block is released, the routing is unchanged and {@link #heal} drops the partial target
 * database (throwing if the target cannot be reached). Not thread-safe: one instance runs one injection.
 */
public final class InfluxBackupRestoreMigration implements Migration {

    /** The knobs of one backup/restore. */
    public record Settings(String influxd, String sourceRpc, String targetRpc, Duration maxWriteBlock,
                           Duration commandTimeout, boolean dropSource, Duration httpTimeout) {
        public Settings {
            Objects.requireNonNull(influxd, "influxd");
            Objects.requireNonNull(sourceRpc, "sourceRpc");
            Objects.requireNonNull(targetRpc, "targetRpc");
            Objects.requireNonNull(maxWriteBlock, "maxWriteBlock");
            Objects.requireNonNull(commandTimeout, "commandTimeout");
            Objects.requireNonNull(httpTimeout, "httpTimeout");
        }
    }

    private final InjectionSpec spec;
    private final Settings settings;
    private final String database;
    private final InfluxTenantVerifier verifier;

    private volatile TenantRouting.WriteBlock block;
    private volatile boolean targetTouched;
    private volatile boolean switched;

    public InfluxBackupRestoreMigration(InjectionSpec spec, Settings settings) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.database = InfluxTenantVerifier.database(spec.tenant());
        this.verifier = new InfluxTenantVerifier(settings.httpTimeout());
    }

    @Override
    public Verifier verifier() {
        return verifier;
    }

    @Override
    public void prepare(InjectionContext ctx) throws Exception {
        InfluxSites.requireServing(ctx, Store.INFLUXDB);
        influxd();
        InfluxClient source = InfluxSites.local(ctx, spec.from(), settings.httpTimeout());
        InfluxClient target = InfluxSites.target(ctx, settings.httpTimeout());
        source.ping();
        target.ping();
        if (!source.databaseExists(database)) {
            throw new IllegalStateException("database " + database + " does not exist at the source site " + spec.from());
        }
        InfluxSites.requireFreeTarget(ctx, target, database);
        rpc(ctx, true);
        rpc(ctx, false);
    }

    /** The influxd binary: the option's path, or with {@code auto} the one on PATH or from Debian's package. */
    private String influxd() {
        Path binary = settings.influxd().equals("auto")
                ? DebianPackages.onPath("influxd").orElseGet(
                        () -> DebianPackages.userCache().ensure("influxdb").file("usr/bin/influxd"))
                : Path.of(settings.influxd());
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("influxd binary " + binary + " is not executable (option influxd)");
        }
        return binary.toString();
    }

    /** The RPC address of the source or target as the target site reaches it: the backup crosses the WAN. */
    private String rpc(InjectionContext ctx, boolean source) throws IOException {
        String site = source ? spec.from() : spec.to();
        return InfluxRpcAddress.resolve(source ? settings.sourceRpc() : settings.targetRpc(),
                source ? "sourceRpc" : "targetRpc", ctx.routing().endpoints(site, spec.to()), settings.httpTimeout());
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        String influxd = influxd();
        String sourceRpc = rpc(ctx, true);
        String targetRpc = rpc(ctx, false);
        // A fresh directory each time: influxd backup refuses nothing, but restore would pick up stale files.
        Path dir = Files.createTempDirectory(ctx.workDir(), "influx-backup-" + database + "-");
        Path log = ctx.workDir().resolve("influxd-backup-restore.log");

        ctx.phase("block");
        block = ctx.routing().blockWrites(spec.tenant(), Store.INFLUXDB, settings.maxWriteBlock());

        ctx.phase("backup");
        InfluxdCommand.run(List.of(influxd, "backup", "-portable", "-database", database,
                "-host", sourceRpc, dir.toString()), log, settings.commandTimeout());

        ctx.phase("restore");
        targetTouched = true;
        InfluxdCommand.run(List.of(influxd, "restore", "-portable", "-db", database,
                "-host", targetRpc, dir.toString()), log, settings.commandTimeout());

        ctx.phase("cutover");
        ctx.routing().switchSite(spec.tenant(), Store.INFLUXDB, spec.to());
        switched = true;
        block.close();
        block = null;
    }

    @Override
    public boolean dropsSource() {
        return settings.dropSource();
    }

    @Override
    public void dropSource(InjectionContext ctx) throws IOException {
        InfluxSites.dropSource(ctx, settings.httpTimeout());
    }

    @Override
    public void heal(InjectionContext ctx) throws Exception {
        TenantRouting.WriteBlock held = block;
        if (held != null) {
            held.close();
        }
        boolean serving = spec.to().equals(ctx.routing().siteOf(spec.tenant(), Store.INFLUXDB));
        if (targetTouched && !switched && !serving) {
            try {
                InfluxSites.local(ctx, spec.to(), settings.httpTimeout()).dropDatabase(database);
                targetTouched = false;
            } catch (IOException e) {
                throw new IOException("could not drop the partial database " + database + " at the target site "
                        + spec.to() + ": " + e.getMessage(), e);
            }
        }
    }
}
