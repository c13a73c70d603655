package io.contmig.inject.postgres;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.SourceDrop;
import io.contmig.inject.Migration;
import io.contmig.inject.Verifier;
import io.contmig.servers.SideEffectJournal;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What both PostgreSQL strategies share for moving database {@code tenant_<t>} from one site's server to
 * another's: the checks of {@link #prepare}, replacing a stale copy on the target, copying the schema with
 * {@code pg_dump}, the sequence fix-up, the cutover snapshot for the {@link PgTenantVerifier}, and the part of
 * {@link #heal} that drops a target copy the routing does not serve.
 *
 * <p>Connections: the injector reaches the source as seen from the source's site and the target as seen from the
 * target's site (administration), while data crosses sites through {@code routing.endpoints(from, to)} so that
 * it pays the emulated WAN. One instance runs one injection on one thread (heal may run after a failure on the
 * same thread); fields written in {@code inject} and read in {@code heal} are volatile for the verifier's sake.
 */
abstract class PgTenantMigration implements Migration, PgTenantVerifier.Inputs {

    private static final Logger LOG = LoggerFactory.getLogger(PgTenantMigration.class);

    protected final InjectionSpec spec;
    protected final String tenant;
    protected final String database;
    protected final PgClientTools tools;
    private final PgTenantVerifier verifier = new PgTenantVerifier(() -> this);
    private final boolean dropsSource;

    protected volatile PgServer source;
    protected volatile PgServer target;
    /** The source as the target's site reaches it (through the WAN). */
    protected volatile PgServer sourceFromTarget;
    protected volatile boolean staleTarget;
    protected volatile boolean targetTouched;
    protected volatile TenantRouting.WriteBlock block;
    /** Where every object this migration creates is recorded before it is created; clean-up drops only those. */
    protected final SideEffectJournal journal = SideEffectJournal.machine();
    private volatile PgCutoverSnapshot snapshot;
    /** When this move began (prepare): rows written since are checked one by one by the verifier. */
    private volatile Instant movedSince;

    /** Reads {@link PgOptions#PG_BIN_DIR} and {@link SourceDrop#KEY} from {@code options}. */
    protected PgTenantMigration(InjectionSpec spec, OptionValues options) {
        this.spec = spec;
        this.tenant = spec.tenant();
        this.database = PgCatalog.database(spec.tenant());
        this.tools = PgClientTools.find(options.get(PgOptions.PG_BIN_DIR));
        this.dropsSource = SourceDrop.requested(options, spec.tenant());
    }

    @Override
    public boolean dropsSource() {
        return dropsSource;
    }

    @Override
    public Verifier verifier() {
        return verifier;
    }

    @Override
    public void prepare(InjectionContext ctx) throws Exception {
        movedSince = Instant.now();
        TenantRouting routing = ctx.routing();
        String serving = routing.siteOf(tenant, Store.POSTGRESQL);
        if (!spec.from().equals(serving)) {
            throw new IllegalStateException("tenant '" + tenant + "': postgresql is served by '" + serving
                    + "', not by from='" + spec.from() + "'");
        }
        source = new PgServer(routing.endpoints(spec.from(), spec.from()));
        target = new PgServer(routing.endpoints(spec.to(), spec.to()));
        sourceFromTarget = new PgServer(routing.endpoints(spec.from(), spec.to()));
        try (Connection admin = connectOrExplain(source, "postgres", "source")) {
            if (!PgCatalog.databaseExists(admin, database)) {
                throw new IllegalStateException("source " + spec.from() + ": database " + database + " does not exist");
            }
        }
        try (Connection db = connectOrExplain(source, database, "source")) {
            List<PgTable> tables = PgCatalog.tables(db);
            if (tables.isEmpty()) {
                throw new IllegalStateException("source " + spec.from() + ": database " + database + " has no tables");
            }
            checkSource(db, tables);
        }
        try (Connection admin = connectOrExplain(target, "postgres", "target")) {
            staleTarget = PgCatalog.databaseExists(admin, database);
            checkTarget(admin);
        }
        connectOrExplain(sourceFromTarget, database, "source (through the WAN from " + spec.to() + ")").close();
    }

    /** Strategy-specific checks of the source database; changes nothing. */
    protected void checkSource(Connection sourceDb, List<PgTable> tables) throws SQLException {
    }

    /** Strategy-specific checks of the target server; changes nothing. */
    protected void checkTarget(Connection targetAdmin) throws SQLException {
    }

    private Connection connectOrExplain(PgServer server, String db, String role) throws SQLException {
        try {
            return server.connect(db);
        } catch (SQLException e) {
            throw new SQLException(role + " " + server + ", database " + db + ": cannot connect: " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    /**
     * Creates an empty {@code tenant_<t>} on the target, first removing a stale copy (left by an earlier failed
     * attempt whose heal could not reach the target: the routing does not serve it, so it is not authoritative).
     */
    protected void createTargetDatabase() throws SQLException {
        if (staleTarget) {
            if (journal.proves(SideEffectJournal.PG_DATABASE, where(target, ""), database).isEmpty()) {
                throw new IllegalStateException("target " + spec.to() + " (" + target + ") already holds database "
                        + database + ", which contmig did not create (no record in " + journal.file()
                        + "): drop or rename it yourself, or migrate to another site");
            }
            targetTouched = true;
            LOG.info("replacing a stale copy of {} on {} (created by an earlier contmig attempt, not served by the "
                    + "routing)", database, spec.to());
            dropTargetDatabase();
        }
        targetTouched = true;
        journal.intend(SideEffectJournal.PG_DATABASE, where(target, ""), database, owner());
        try (Connection admin = target.connect("postgres"); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + PgIdentifiers.quote(database));
        }
    }

    /** {@code host:port/database} of {@code server}: how the journal names where an object lives (no credentials). */
    protected static String where(PgServer server, String db) {
        return server.host() + ":" + server.port() + "/" + db;
    }

    /** Who creates the objects: the injection's name and tenant. */
    protected String owner() {
        return spec.name() + " (tenant " + tenant + ")";
    }

    /** Copies the DDL of {@code section} ({@code pre-data}, {@code post-data} or empty for all) to the target. */
    protected void copySchema(InjectionContext ctx, String section) throws Exception {
        String label = section.isEmpty() ? "schema" : section;
        Path dump = ctx.workDir().resolve(database + "-" + label + ".sql");
        tools.dumpSchema(source, database, section, dump, ctx.workDir().resolve("pg_dump-" + label + ".log"));
        tools.apply(target, database, dump, ctx.workDir().resolve("psql-" + label + ".log"));
    }

    /** Sets the target's sequences to the source's values; call while the tenant's writes are blocked. */
    protected void fixSequences() throws SQLException {
        try (Connection s = source.connect(database); Connection t = target.connect(database)) {
            fixSequences(s, t);
        }
    }

    /** Same, on open connections to the tenant database on both sides. */
    protected static void fixSequences(Connection sourceDb, Connection targetDb) throws SQLException {
        PgCatalog.copySequences(PgCatalog.sequences(sourceDb), targetDb);
    }

    /** Exports the target's snapshot for the verifier; call while the tenant's writes are blocked. */
    protected void takeCutoverSnapshot() throws SQLException {
        snapshot = PgCutoverSnapshot.export(target, database);
    }

    /** Same, on {@code holder}, a fresh connection to the target database that the snapshot then owns. */
    protected void takeCutoverSnapshot(Connection holder) throws SQLException {
        snapshot = PgCutoverSnapshot.exportOn(holder);
    }

    /** Drops the source's copy of the tenant database (after a verified move: see {@link Migration#dropSource}). */
    @Override
    public void dropSource(InjectionContext ctx) throws SQLException {
        try (Connection admin = source.connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + PgIdentifiers.quote(database) + " WITH (FORCE)");
        }
    }

    /** Releases the write block if one is held. */
    protected void releaseBlock() {
        TenantRouting.WriteBlock b = block;
        block = null;
        if (b != null) {
            b.close();
        }
    }

    /**
     * Common heal: release the block; strategy-specific cleanup ({@link #healStrategy}); end the cutover
     * snapshot; drop the target's copy unless the routing now serves it. Every step runs even when an earlier one
     * failed; the first failure is rethrown at the end, an unreachable target's too: the partial copy it keeps does
     * not make the source less authoritative, but {@link io.contmig.inject.InjectionRunner} retries a heal that
     * cannot reach a server (a crashed target restarting), so the copy goes once the target answers.
     */
    @Override
    public void heal(InjectionContext ctx) throws Exception {
        List<Exception> failures = new ArrayList<>();
        releaseBlock();
        try {
            healStrategy(ctx);
        } catch (Exception e) {
            failures.add(e);
        }
        PgCutoverSnapshot s = snapshot;
        snapshot = null;
        if (s != null) {
            s.close();
        }
        boolean switched = spec.to().equals(ctx.routing().siteOf(tenant, Store.POSTGRESQL));
        if (switched && target != null) {
            // The target's copy is the tenant's database now: no clean-up may ever drop it.
            journal.proves(SideEffectJournal.PG_DATABASE, where(target, ""), database).ifPresent(journal::kept);
        }
        if (!switched && targetTouched && target != null) {
            try {
                dropTargetDatabase();
            } catch (SQLException e) {
                LOG.warn("heal: cannot drop the partial copy of {} on {} ({}); "
                        + "the routing does not serve it and the next attempt replaces it", database, spec.to(),
                        e.getMessage());
                // Rethrown so that the injection runner heals again once a restarting target answers (heal is
                // idempotent): a copy left behind may hold a subscription (nemesis matrix, kill of the target).
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Strategy-specific heal (subscriptions, slots, publications); idempotent. */
    protected abstract void healStrategy(InjectionContext ctx) throws Exception;

    /** Drops the target's copy, first detaching any subscription living in it. */
    protected void dropTargetDatabase() throws SQLException {
        try (Connection admin = target.connect("postgres")) {
            if (!PgCatalog.databaseExists(admin, database)) {
                return;
            }
            List<String> subscriptions = new ArrayList<>();
            try (PreparedStatement ps = admin.prepareStatement(
                    "SELECT s.subname FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid WHERE d.datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        subscriptions.add(rs.getString(1));
                    }
                }
            }
            if (!subscriptions.isEmpty()) {
                try (Connection db = target.connect(database)) {
                    for (String sub : subscriptions) {
                        detachAndDropSubscription(db, sub);
                    }
                }
            }
            try (Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + PgIdentifiers.quote(database) + " WITH (FORCE)");
            }
        }
        journal.proves(SideEffectJournal.PG_DATABASE, where(target, ""), database).ifPresent(journal::removed);
    }

    /**
     * Drops a subscription without contacting its publisher: disable, forget the slot, drop. The publisher's slot
     * is dropped separately on the source (which may be unreachable from the target, or already gone).
     */
    static void detachAndDropSubscription(Connection targetDb, String subscription) throws SQLException {
        try (PreparedStatement ps = targetDb.prepareStatement("SELECT 1 FROM pg_subscription WHERE subname = ?")) {
            ps.setString(1, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
            }
        }
        String q = PgIdentifiers.quote(subscription);
        try (Statement s = targetDb.createStatement()) {
            s.execute("ALTER SUBSCRIPTION " + q + " DISABLE");
            s.execute("ALTER SUBSCRIPTION " + q + " SET (slot_name = NONE)");
            s.execute("DROP SUBSCRIPTION " + q);
        }
    }

    // Verifier inputs.

    @Override
    public PgServer source() {
        return source;
    }

    @Override
    public PgServer target() {
        return target;
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public Optional<Instant> movedSince() {
        return Optional.ofNullable(movedSince);
    }

    @Override
    public Optional<PgCutoverSnapshot> cutoverSnapshot() {
        return Optional.ofNullable(snapshot);
    }
}
