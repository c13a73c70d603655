package io.contmig.inject.influx;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Migration;
import io.contmig.inject.Verifier;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code influxdb/copy-catchup}: moves one tenant's InfluxDB database ({@code tenant_<t>}) without stopping its
 * writers. Phases:
 * <ol>
 *   <li>{@code dual-write}: creates the database on the target, makes the routing send every new point to both
 *       sites ({@link TenantRouting#startDualWrite}), then drains the writes in flight (see below); the moment the
 *       drain ends is the copy's horizon;</li>
 *   <li>{@code copy}: copies the history before the horizon in time chunks, {@code parallelism} queries and
 *       {@code parallelism} writes at once, joined by a bounded queue ({@link InfluxRangeCopy}), throttled by
 *       {@code chunk}, {@code batchSize} and {@code pointsPerSecond};</li>
 *   <li>{@code catch-up}: copies what the source holds with times from the horizon on (future-dated points, points
 *       the dual write also sent); idempotent overlap;</li>
 *   <li>{@code cutover}: {@link TenantRouting#switchSite} to the target, drains the writes in flight, then ends the
 *       dual write. Both sites got every write until the switch, so readers see no gap;</li>
 *   <li>{@code cleanup} (only with {@code dropSource: <tenant>}, after the verification): drops the database at the
 *       source.</li>
 * </ol>
 *
 * <p>Why the drains: copy and catch-up select by <em>event</em> time (the time the device set), not by arrival. A
 * writer that read the routing before the dual write started writes to the source only; under consumer lag its
 * point can carry an old event time and land after the copy read that time range — the catch-up (times from the
 * horizon on) never looks there again, and the point would be lost at the target. Likewise a writer that read the
 * old placement before the switch must still reach the target. So at both transitions the routing's write gate is
 * closed until every write admitted before it has finished ({@link TenantRouting#blockWrites}, released at once):
 * new writes wait only for as long as the writes in flight take, and none fails unless the drain exceeds
 * {@code httpTimeout}. After the first drain every point on the source is visible to the copy and every later one
 * also goes to the target; re-copying a point is idempotent (same series and time overwrite), so there are no
 * duplicates.
 *
 * <p>The copy reads the source as the target site sees it ({@code routing.endpoints(from, to)}), so it pays the WAN.
 * On failure before the switch the source stays authoritative and the routing unchanged; {@link #heal} ends the dual
 * write and drops the partial target database (and throws if the target cannot be reached to do so). Not
 * thread-safe: one instance runs one injection.
 */
public final class InfluxCopyCatchupMigration implements Migration {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxCopyCatchupMigration.class);

    /** The throttle and behaviour knobs of one copy. */
    public record Settings(Duration chunk, int batchSize, double pointsPerSecond, int parallelism, String precision,
                           boolean dropSource, Duration httpTimeout) {
        public Settings {
            Objects.requireNonNull(chunk, "chunk");
            if (chunk.isNegative() || chunk.isZero()) {
                throw new IllegalArgumentException("chunk (" + chunk + ") must be > 0");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
            }
            if (pointsPerSecond < 0) {
                throw new IllegalArgumentException("pointsPerSecond (" + pointsPerSecond + ") must be >= 0");
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism (" + parallelism + ") must be >= 1");
            }
            if (!precision.equals("ns") && !precision.equals("ms")) {
                throw new IllegalArgumentException("precision (" + precision + ") must be ns or ms");
            }
            Objects.requireNonNull(httpTimeout, "httpTimeout");
        }
    }

    private final InjectionSpec spec;
    private final Settings settings;
    private final String database;
    private final InfluxTenantVerifier verifier;

    private volatile boolean targetCreated;
    private volatile boolean dualWriting;
    private volatile boolean switched;
    private volatile InfluxRangeCopy copy;

    public InfluxCopyCatchupMigration(InjectionSpec spec, Settings settings) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.database = InfluxTenantVerifier.database(spec.tenant());
        this.verifier = new InfluxTenantVerifier(settings.httpTimeout());
    }

    @Override
    public Verifier verifier() {
        return verifier;
    }

    /** Points written to the target by the copy and catch-up so far (for progress and measurements). */
    public long copiedPoints() {
        InfluxRangeCopy c = copy;
        return c == null ? 0 : c.copied();
    }

    @Override
    public void prepare(InjectionContext ctx) throws Exception {
        InfluxSites.requireServing(ctx, Store.INFLUXDB);
        InfluxClient source = InfluxSites.source(ctx, settings.httpTimeout());
        InfluxClient target = InfluxSites.target(ctx, settings.httpTimeout());
        source.ping();
        target.ping();
        if (!source.databaseExists(database)) {
            throw new IllegalStateException("database " + database + " does not exist at the source site "
                    + spec.from() + " (" + source.baseUrl() + ")");
        }
        InfluxSites.requireFreeTarget(ctx, target, database);
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        TenantRouting routing = ctx.routing();
        InfluxClient source = InfluxSites.source(ctx, settings.httpTimeout());
        InfluxClient target = InfluxSites.target(ctx, settings.httpTimeout());
        copy = new InfluxRangeCopy(source, target, database, settings.batchSize(), settings.pointsPerSecond(),
                settings.precision(), settings.parallelism());

        ctx.phase("dual-write");
        target.createDatabase(database);
        targetCreated = true;
        routing.startDualWrite(spec.tenant(), Store.INFLUXDB, spec.to());
        dualWriting = true;
        drainWritesInFlight(routing);
        long horizon = epochNanos(Instant.now());

        ctx.phase("copy");
        List<MeasurementSchema> schemas = MeasurementSchema.read(source, database);
        var first = copy.firstTime(schemas);
        long history = first.isPresent() && first.get() < horizon
                ? copy.copy(schemas, first.get(), horizon, settings.chunk()) : 0;

        ctx.phase("catch-up");
        // Re-read the schema: fields first written during the copy must be typed too.
        schemas = MeasurementSchema.read(source, database);
        var last = copy.lastTime(schemas);
        long caughtUp = last.isPresent() && last.get() >= horizon
                ? copy.copy(schemas, horizon, last.get() + 1, settings.chunk()) : 0;
        LOG.info("{}: copied {} historical and {} catch-up point(s) of {}",
                spec.name(), history, caughtUp, database);

        ctx.phase("cutover");
        routing.switchSite(spec.tenant(), Store.INFLUXDB, spec.to());
        switched = true;
        drainWritesInFlight(routing);
        routing.stopDualWrite(spec.tenant(), Store.INFLUXDB);
        dualWriting = false;
    }

    @Override
    public boolean dropsSource() {
        return settings.dropSource();
    }

    @Override
    public void dropSource(InjectionContext ctx) throws IOException {
        InfluxSites.dropSource(ctx, settings.httpTimeout());
    }

    /**
     * Returns once every write of the tenant admitted before this call has finished (a barrier: the gate is closed
     * for as long as that takes, then opened again). Writers admitted earlier may hold the routing as it was; after
     * this none does. Throws what {@link TenantRouting#blockWrites} throws when the writes do not finish in time.
     */
    private void drainWritesInFlight(TenantRouting routing) throws InterruptedException {
        routing.blockWrites(spec.tenant(), Store.INFLUXDB, settings.httpTimeout()).close();
    }

    @Override
    public void heal(InjectionContext ctx) throws Exception {
        if (dualWriting) {
            ctx.routing().stopDualWrite(spec.tenant(), Store.INFLUXDB);
            dualWriting = false;
        }
        boolean serving = spec.to().equals(ctx.routing().siteOf(spec.tenant(), Store.INFLUXDB));
        if (targetCreated && !switched && !serving) {
            InfluxSites.dropPartialTarget(ctx, database, settings.httpTimeout());
            targetCreated = false;
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
