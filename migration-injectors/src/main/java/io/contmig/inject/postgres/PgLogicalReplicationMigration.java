package io.contmig.inject.postgres;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.options.OptionValues;
import io.contmig.servers.SideEffectJournal;
import io.contmig.target.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * {@code postgresql/logical-replication}: moves database {@code tenant_<t>} with PostgreSQL's own logical
 * replication while the tenant keeps writing. Phases:
 * <ol>
 *   <li>{@code schema}: the target database and its DDL ({@code pg_dump --schema-only}; with {@code deferIndexes}
 *       only tables, sequences, primary keys and unique constraints); a publication on
 *       the source for every table of the tenant database (each tenant has its own database, so no row filter is
 *       needed);</li>
 *   <li>{@code copy}: a subscription on the target with {@code copy_data = true}, connecting to the source through
 *       the cross-site route {@code routing.endpoints(from, to)}; done when every table's
 *       {@code pg_subscription_rel.srsubstate} is {@code r}. With {@code copyWorkers > 0} the copy is made by
 *       {@link PgSnapshotCopier} instead (slot with exported snapshot, parallel key ranges through the same
 *       route) and the subscription starts on that slot with {@code copy_data = false};</li>
 *   <li>{@code indexes} (with {@code deferIndexes}): secondary indexes, foreign keys and triggers, built once the
 *       tables are copied instead of being maintained row by row during the copy;</li>
 *   <li>{@code catch-up}: until the walsender's {@code replay_lag} ({@code pg_stat_replication}) is at most
 *       {@code lagThreshold};</li>
 *   <li>{@code cutover}: the tenant's writes are blocked (writers wait at most {@code maxWriteBlock}); a
 *       transactional logical message marks the end of the source's WAL for the tenant; once the subscriber's
 *       apply worker has received WAL past that mark (its {@code pg_stat_subscription.received_lsn}), every
 *       earlier change is applied: sequences are copied, the target's snapshot is exported for the verifier, the
 *       routing is switched and the writes resume. If the mark is not reached within {@code maxWriteBlock} the
 *       injection fails with the routing unchanged;</li>
 *   <li>{@code cleanup}: the subscription, its slots and the publication are dropped (the source's copy only
 *       with {@code dropSource: <tenant>}, after the verification, see {@link io.contmig.inject.Migration#dropSource}).</li>
 * </ol>
 * Why {@code received_lsn} rather than the slot's {@code confirmed_flush_lsn}: the subscriber applies changes
 * in order in one worker and only reports a position past the mark after applying everything before it, while
 * {@code confirmed_flush_lsn} trails by the subscriber's asynchronous commit flush (up to a second) and would
 * stretch the write block for no extra safety (visibility is what the switched writers need).
 *
 * <p>Before the switch the source stays authoritative and is never written (only a publication, slots and one
 * logical message are added); heal removes the subscription (without contacting the source), then the slots
 * (terminating their walsenders) and the publication, so the next attempt starts clean.
 */
public final class PgLogicalReplicationMigration extends PgTenantMigration {

    private static final Logger LOG = LoggerFactory.getLogger(PgLogicalReplicationMigration.class);
    private static final long POLL_NANOS = 2_000_000;

    private final Duration lagThreshold;
    private final Duration maxWriteBlock;
    private final Duration timeout;
    private final boolean deferIndexes;
    private final int copyWorkers;
    private final String name;

    private volatile Duration lastCutoverWait = Duration.ZERO;

    public PgLogicalReplicationMigration(InjectionSpec spec, OptionValues options) {
        super(spec, options);
        this.lagThreshold = options.get(PgLogicalReplicationFactory.LAG_THRESHOLD);
        this.maxWriteBlock = options.get(PgLogicalReplicationFactory.MAX_WRITE_BLOCK);
        this.timeout = options.get(PgLogicalReplicationFactory.TIMEOUT);
        this.deferIndexes = options.get(PgLogicalReplicationFactory.DEFER_INDEXES);
        this.copyWorkers = options.get(PgLogicalReplicationFactory.COPY_WORKERS);
        this.name = "contmig_" + tenant;
    }

    /** The publication, subscription and slot name used for this tenant. */
    String replicationName() {
        return name;
    }

    /** How long the last cutover waited, writes blocked, for the subscriber to reach the end mark. */
    Duration lastCutoverWait() {
        return lastCutoverWait;
    }

    @Override
    protected void checkSource(Connection sourceDb, List<PgTable> tables) throws SQLException {
        String walLevel = PgCatalog.walLevel(sourceDb);
        if (!walLevel.equals("logical")) {
            throw new IllegalStateException("source " + spec.from() + ": wal_level is '" + walLevel
                    + "', logical replication needs 'logical' (set it before the server starts)");
        }
        List<PgTable> noIdentity = PgCatalog.tablesWithoutReplicaIdentity(sourceDb);
        if (!noIdentity.isEmpty()) {
            throw new IllegalStateException("source " + spec.from() + ": tables without primary key or replica identity "
                    + noIdentity + " — publishing them would make the tenant's UPDATEs and DELETEs fail "
                    + "(add a primary key or ALTER TABLE ... REPLICA IDENTITY FULL)");
        }
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();

        ctx.phase("schema");
        healSource(); // an earlier attempt whose heal could not finish may have left a publication or slots
        createTargetDatabase();
        List<String> deferred = List.of();
        Path archive = ctx.workDir().resolve(database + "-schema.dump");
        if (deferIndexes) {
            // Tables, sequences, primary keys and unique constraints now (the apply worker needs the replica
            // identity index); secondary indexes, foreign keys and triggers after the bulk copy, which then runs
            // without maintaining them — as pg_restore and pgcopydb do.
            tools.dumpSchemaArchive(source, database, archive, ctx.workDir().resolve("pg_dump-schema.log"));
            List<String> toc = tools.toc(archive, ctx.workDir().resolve("pg_restore-list.log"));
            List<String> entries = toc.stream().filter(l -> !l.startsWith(";") && !l.isBlank()).toList();
            deferred = entries.stream().filter(PgLogicalReplicationMigration::deferrable).toList();
            tools.restore(target, database, archive, entries.stream().filter(l -> !deferrable(l)).toList(),
                    ctx.workDir().resolve("schema-early.list"), ctx.workDir().resolve("pg_restore-early.log"));
        } else {
            copySchema(ctx, "");
        }
        List<PgTable> tables;
        try (Connection src = source.connect(database); Statement s = src.createStatement()) {
            tables = PgCatalog.tables(src);
            journal.intend(SideEffectJournal.PG_PUBLICATION, where(source, database), name, owner());
            // The slot is made by the subscription or by the snapshot copier: recorded before either runs.
            journal.intend(SideEffectJournal.PG_REPLICATION_SLOT, where(source, database), name, owner());
            s.execute("CREATE PUBLICATION " + PgIdentifiers.quote(name) + " FOR TABLE "
                    + tables.stream().map(PgTable::sql).collect(Collectors.joining(", ")));
        }

        ctx.phase("copy");
        boolean ownCopy = copyWorkers > 0;
        if (ownCopy) {
            new PgSnapshotCopier(source, sourceFromTarget, target, database, copyWorkers).copy(name, tables);
        }
        try (Connection tgt = target.connect(database)) {
            try (Statement s = tgt.createStatement()) {
                // The statement carries the source's password: keep it out of the target server's log.
                s.execute("SET log_statement = 'none'");
                s.execute("SET log_min_error_statement = 'panic'");
                journal.intend(SideEffectJournal.PG_SUBSCRIPTION, where(target, database), name, owner());
                s.execute("CREATE SUBSCRIPTION " + PgIdentifiers.quote(name)
                        + " CONNECTION " + PgIdentifiers.literal(sourceFromTarget.conninfo(database))
                        + " PUBLICATION " + PgIdentifiers.quote(name)
                        + (ownCopy
                        ? " WITH (copy_data = false, create_slot = false, slot_name = " + PgIdentifiers.literal(name) + ")"
                        : " WITH (copy_data = true, create_slot = true, slot_name = " + PgIdentifiers.literal(name) + ")"));
                // Its table-sync workers make slots pg_<subscription oid>_sync_*: ours, and only those.
                try (ResultSet rs = s.executeQuery("SELECT oid FROM pg_subscription WHERE subname = "
                        + PgIdentifiers.literal(name))) {
                    if (rs.next()) {
                        journal.intend(SideEffectJournal.PG_REPLICATION_SLOT, where(source, database),
                                syncSlotPrefix(rs.getLong(1)), owner());
                    }
                }
            }
            awaitTablesReady(tgt, tables.size(), deadline);
        }

        if (!deferred.isEmpty()) {
            ctx.phase("indexes");
            tools.restore(target, database, archive, deferred, ctx.workDir().resolve("schema-late.list"),
                    ctx.workDir().resolve("pg_restore-late.log"));
        }

        ctx.phase("catch-up");
        try (Connection src = source.connect(database)) {
            awaitLag(src, deadline);
        }

        ctx.phase("cutover");
        cutover(ctx);

        ctx.phase("cleanup");
        try (Connection tgt = target.connect(database)) {
            detachAndDropSubscription(tgt, name);
        }
        journal.proves(SideEffectJournal.PG_SUBSCRIPTION, where(target, database), name).ifPresent(journal::removed);
        healSource();
    }


    /** Whether a {@code pg_restore -l} entry can wait until the copy is done (not needed to apply changes). */
    static boolean deferrable(String tocEntry) {
        return tocEntry.contains(" INDEX ") || tocEntry.contains(" FK CONSTRAINT ") || tocEntry.contains(" TRIGGER ");
    }

    private void cutover(InjectionContext ctx) throws Exception {
        // Everything the block needs is connected beforehand: inside it, only round trips.
        Connection holder = target.connect(database);
        boolean holderOwned = false;
        try (Connection src = source.connect(database); Connection tgt = target.connect(database);
             PreparedStatement received = tgt.prepareStatement(
                     "SELECT pg_wal_lsn_diff(received_lsn, ?::pg_lsn) >= 0 FROM pg_stat_subscription"
                             + " WHERE subname = ? AND relid IS NULL")) {
            try (Statement s = src.createStatement()) {
                s.execute("SET synchronous_commit = on");
            }
            block = ctx.routing().blockWrites(tenant, Store.POSTGRESQL, maxWriteBlock);
            long blockedAt = System.nanoTime();
            // All of the tenant's writes committed before the block returned, so before this mark in the WAL.
            String mark;
            try (Statement s = src.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_logical_emit_message(true, 'contmig', 'cutover')::text")) {
                rs.next();
                mark = rs.getString(1);
            }
            received.setString(1, mark);
            received.setString(2, name);
            // Keep a margin for the switch itself inside the writers' maxWait.
            long deadline = blockedAt + maxWriteBlock.toNanos() * 8 / 10;
            while (true) {
                boolean reached;
                try (ResultSet rs = received.executeQuery()) {
                    reached = rs.next() && rs.getBoolean(1);
                }
                if (reached) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cutover: the subscriber did not reach the source's end mark " + mark
                            + " within " + maxWriteBlock.toMillis() * 8 / 10 + " ms of write block (maxWriteBlock "
                            + maxWriteBlock.toMillis() + " ms); routing unchanged");
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            lastCutoverWait = Duration.ofNanos(System.nanoTime() - blockedAt);
            fixSequences(src, tgt);
            takeCutoverSnapshot(holder);
            holderOwned = true;
            ctx.routing().switchSite(tenant, Store.POSTGRESQL, spec.to());
            releaseBlock();
            LOG.info("cutover of {}: writes blocked {} ms, of which {} ms waiting for the"
                    + " subscriber to apply everything", database, (System.nanoTime() - blockedAt) / 1_000_000,
                    lastCutoverWait.toMillis());
        } finally {
            if (!holderOwned) {
                holder.close();
            }
        }
    }

    private void awaitTablesReady(Connection tgt, int tableCount, long deadline) throws SQLException {
        try (PreparedStatement ps = tgt.prepareStatement("""
                SELECT count(*) FILTER (WHERE r.srsubstate = 'r'), count(*),
                       coalesce(max(st.sync_error_count), 0), coalesce(max(st.apply_error_count), 0)
                FROM pg_subscription s
                LEFT JOIN pg_subscription_rel r ON r.srsubid = s.oid
                LEFT JOIN pg_stat_subscription_stats st ON st.subid = s.oid
                WHERE s.subname = ?""")) {
            ps.setString(1, name);
            while (true) {
                long ready;
                long known;
                long syncErrors;
                long applyErrors;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ready = rs.getLong(1);
                    known = rs.getLong(2);
                    syncErrors = rs.getLong(3);
                    applyErrors = rs.getLong(4);
                }
                if (known >= tableCount && ready == known) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "copy: %d of %d tables ready after timeout %d s (sync errors %d, apply errors %d;"
                                    + " see the target server's log)", ready, tableCount, timeout.toSeconds(),
                            syncErrors, applyErrors));
                }
                LockSupport.parkNanos(20 * POLL_NANOS);
            }
        }
    }

    private void awaitLag(Connection src, long deadline) throws SQLException {
        try (PreparedStatement ps = src.prepareStatement("""
                SELECT r.state, extract(epoch FROM r.replay_lag) * 1000,
                       pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)
                FROM pg_replication_slots s LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid
                WHERE s.slot_name = ?""")) {
            ps.setString(1, name);
            while (true) {
                String state = null;
                Double lagMs = null;
                long lagBytes = -1;
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        state = rs.getString(1);
                        double v = rs.getDouble(2);
                        lagMs = rs.wasNull() ? null : v;
                        lagBytes = rs.getLong(3);
                    }
                }
                // replay_lag is NULL when the subscriber has been idle and caught up; then the byte lag decides.
                boolean caughtUp = "streaming".equals(state)
                        && (lagMs != null ? lagMs <= lagThreshold.toMillis() : lagBytes <= 1 << 20);
                if (caughtUp) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("catch-up: lag still " + (lagMs == null ? "unknown" : lagMs.longValue() + " ms")
                            + " (" + lagBytes + " bytes, walsender " + state + ") after timeout "
                            + timeout.toSeconds() + " s; lagThreshold " + lagThreshold.toMillis() + " ms");
                }
                LockSupport.parkNanos(10 * POLL_NANOS);
            }
        }
    }

    @Override
    protected void healStrategy(InjectionContext ctx) throws Exception {
        Exception targetFailure = null;
        if (target != null) {
            // First the subscriber, so that its workers cannot re-acquire the slots dropped next.
            try (Connection admin = target.connect("postgres")) {
                var created = journal.proves(SideEffectJournal.PG_SUBSCRIPTION, where(target, database), name);
                if (created.isPresent() && PgCatalog.databaseExists(admin, database)) {
                    try (Connection tgt = target.connect(database)) {
                        detachAndDropSubscription(tgt, name);
                    }
                }
                created.ifPresent(journal::removed);
            } catch (SQLException e) {
                // A dead target cannot replicate any more; its leftover subscription goes with its stale copy.
                targetFailure = e;
                LOG.warn("heal: cannot reach target {} to drop subscription {}: {}",
                        spec.to(), name, e.getMessage());
            }
        }
        if (source != null) {
            healSource();
        }
        if (targetFailure != null) {
            LOG.info("heal: source clean; target {} unreachable", spec.to());
        }
    }

    /** The name prefix of the table-sync slots of subscription {@code oid} (PostgreSQL 15's naming). */
    static String syncSlotPrefix(long subscriptionOid) {
        return "pg_" + subscriptionOid + "_sync_";
    }

    /**
     * Drops the replication slots (terminating their walsenders) and the publication on the source that the
     * journal proves contmig created for this tenant — never another tool's slot, even one named like ours.
     */
    private void healSource() throws SQLException, InterruptedException {
        String at = where(source, database);
        List<SideEffectJournal.Entry> ours = journal.outstanding().stream()
                .filter(e -> e.where().equals(at) && (e.name().equals(name) || e.name().startsWith("pg_"))
                        && (e.kind().equals(SideEffectJournal.PG_REPLICATION_SLOT)
                        || e.kind().equals(SideEffectJournal.PG_PUBLICATION)))
                .toList();
        if (ours.isEmpty()) {
            return;
        }
        try (Connection admin = source.connect("postgres")) {
            if (!PgCatalog.databaseExists(admin, database)) {
                ours.forEach(journal::removed);
                return;
            }
        }
        java.util.function.Predicate<String> provenSlot = slot -> ours.stream().anyMatch(e ->
                e.kind().equals(SideEffectJournal.PG_REPLICATION_SLOT)
                        && (slot.equals(e.name()) || (e.name().endsWith("_sync_") && slot.startsWith(e.name()))));
        try (Connection src = source.connect(database)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                List<String> slots = new ArrayList<>();
                List<Integer> active = new ArrayList<>();
                try (PreparedStatement ps = src.prepareStatement("""
                        SELECT slot_name, active_pid FROM pg_replication_slots
                        WHERE database = current_database() AND (slot_name = ? OR slot_name LIKE 'pg\\_%\\_sync\\_%')""")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (!provenSlot.test(rs.getString(1))) {
                                continue; // not created by contmig: not ours to drop
                            }
                            slots.add(rs.getString(1));
                            int pid = rs.getInt(2);
                            if (!rs.wasNull()) {
                                active.add(pid);
                            }
                        }
                    }
                }
                if (slots.isEmpty()) {
                    break;
                }
                try (PreparedStatement term = src.prepareStatement("SELECT pg_terminate_backend(?)");
                     PreparedStatement drop = src.prepareStatement(
                             "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                                     + " WHERE slot_name = ? AND active_pid IS NULL")) {
                    for (int pid : active) {
                        term.setInt(1, pid);
                        term.execute();
                    }
                    for (String slot : slots) {
                        drop.setString(1, slot);
                        try {
                            drop.execute();
                        } catch (SQLException e) {
                            // Re-acquired by a reconnecting walsender between the check and the drop: next round.
                            LOG.debug("slot {} not dropped yet: {}", slot, e.getMessage());
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("heal: replication slots " + slots + " of " + database
                            + " still present on " + spec.from() + " after 30 s");
                }
                LockSupport.parkNanos(20 * POLL_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException("heal interrupted while dropping slots " + slots);
                }
            }
            if (ours.stream().anyMatch(e -> e.kind().equals(SideEffectJournal.PG_PUBLICATION))) {
                try (Statement s = src.createStatement()) {
                    s.execute("DROP PUBLICATION IF EXISTS " + PgIdentifiers.quote(name));
                }
            }
        }
        ours.forEach(journal::removed);
    }
}
