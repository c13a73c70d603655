package io.contmig.inject.postgres;

import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;
import org.postgresql.replication.ReplicationSlotInfo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The initial copy of a logical-replication move done by contmig instead of the subscription's table-sync
 * workers (the way pgcopydb does it): a logical replication slot is created on the source through a replication
 * connection that exports its snapshot; every table is then copied as of exactly that snapshot, large tables split
 * into primary-key ranges, by {@code workers} parallel {@code COPY ... TO STDOUT} → {@code COPY ... FROM STDIN}
 * streams; a subscription created afterwards with {@code copy_data = false} on that slot applies every change
 * made since the snapshot. Parallel ranges are what table-sync cannot do: it copies each table in one stream.
 *
 * <p>Not thread-safe; one use. On exception the slot may exist (heal drops it) and the target holds a partial
 * copy (heal drops the target database); the source is only read.
 */
final class PgSnapshotCopier {

    /** Tables with at least this many rows (estimated) are split into ranges. */
    private static final long SPLIT_ROWS = 50_000;

    private final PgServer sourceAdmin;
    private final PgServer sourceFromTarget;
    private final PgServer target;
    private final String database;
    private final int workers;

    PgSnapshotCopier(PgServer sourceAdmin, PgServer sourceFromTarget, PgServer target, String database, int workers) {
        this.sourceAdmin = sourceAdmin;
        this.sourceFromTarget = sourceFromTarget;
        this.target = target;
        this.database = database;
        this.workers = workers;
    }

    /** One unit of copy work: a table, or a range of its integer primary key. */
    private record Chunk(PgTable table, String where) { }

    /** Creates slot {@code slot} and copies every table as of its snapshot; returns the rows copied. */
    long copy(String slot, List<PgTable> tables) throws Exception {
        try (Connection replication = replicationConnection()) {
            ReplicationSlotInfo info = replication.unwrap(PGConnection.class).getReplicationAPI()
                    .createReplicationSlot().logical().withSlotName(slot).withOutputPlugin("pgoutput").make();
            String snapshot = info.getSnapshotName();
            if (snapshot == null || snapshot.isEmpty()) {
                throw new IllegalStateException("slot " + slot + " created without an exported snapshot");
            }
            List<Chunk> chunks = plan(tables, snapshot);
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "contmig-pg-copy");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Long>> results = new ArrayList<>();
                for (Chunk c : chunks) {
                    results.add(pool.submit(() -> copyChunk(c, snapshot)));
                }
                long rows = 0;
                for (Future<Long> f : results) {
                    try {
                        rows += f.get();
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
                return rows;
            } finally {
                pool.shutdownNow();
            }
            // The replication connection (and with it the exported snapshot) closes only after every chunk.
        }
    }

    private Connection replicationConnection() throws SQLException {
        Properties p = new Properties();
        PGProperty.USER.set(p, sourceAdmin.user());
        PGProperty.PASSWORD.set(p, sourceAdmin.password());
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "9.4");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        PGProperty.CONNECT_TIMEOUT.set(p, 10);
        return DriverManager.getConnection("jdbc:postgresql://" + sourceAdmin.host() + ":" + sourceAdmin.port() + "/"
                + database, p);
    }

    private Connection snapshotReader(String snapshot) throws SQLException {
        Connection c = sourceFromTarget.connect(database);
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION SNAPSHOT " + PgIdentifiers.literal(snapshot));
        }
        return c;
    }

    /** Whole tables, or key ranges of large tables with a single integer primary key. */
    private List<Chunk> plan(List<PgTable> tables, String snapshot) throws SQLException {
        List<Chunk> chunks = new ArrayList<>();
        try (Connection c = snapshotReader(snapshot);
             PreparedStatement pk = c.prepareStatement("""
                     SELECT a.attname, c.reltuples::bigint FROM pg_index i
                     JOIN pg_class c ON c.oid = i.indrelid
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                     WHERE i.indisprimary AND i.indnatts = 1 AND n.nspname = ? AND c.relname = ?
                       AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)""")) {
            for (PgTable t : tables) {
                pk.setString(1, t.schema());
                pk.setString(2, t.name());
                String column = null;
                long estimate = 0;
                try (ResultSet rs = pk.executeQuery()) {
                    if (rs.next()) {
                        column = rs.getString(1);
                        estimate = rs.getLong(2);
                    }
                }
                if (column != null && estimate < 0) {
                    // Never analyzed (reltuples = -1): count, under the snapshot.
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t.sql())) {
                        rs.next();
                        estimate = rs.getLong(1);
                    }
                }
                if (column == null || estimate < SPLIT_ROWS || workers == 1) {
                    chunks.add(new Chunk(t, ""));
                    continue;
                }
                String col = PgIdentifiers.quote(column);
                long min;
                long max;
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT min(" + col + "), max(" + col + ") FROM " + t.sql())) {
                    rs.next();
                    min = rs.getLong(1);
                    max = rs.getLong(2);
                }
                long step = Math.max(1, (max - min + workers) / workers);
                for (long from = min; from <= max; from += step) {
                    long to = from + step;
                    String where = " WHERE " + col + " >= " + from + (to > max ? "" : " AND " + col + " < " + to);
                    chunks.add(new Chunk(t, where));
                }
                // Rows with a NULL key cannot exist (primary key); every key lies in [min, max].
            }
        }
        // Largest first would be better balanced; plan order is fine for a few tables.
        return chunks;
    }

    private long copyChunk(Chunk chunk, String snapshot) throws Exception {
        try (Connection src = snapshotReader(snapshot); Connection tgt = target.connect(database)) {
            try (Statement s = tgt.createStatement()) {
                // As the subscription's own workers do: no foreign-key or user triggers while copying.
                s.execute("SET session_replication_role = replica");
            }
            CopyOut out = src.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT * FROM " + chunk.table().sql() + chunk.where() + ") TO STDOUT");
            CopyIn in = tgt.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + chunk.table().sql() + " FROM STDIN");
            long rows = 0;
            try {
                byte[] row;
                while ((row = out.readFromCopy()) != null) {
                    in.writeToCopy(row, 0, row.length);
                    rows++;
                }
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
                if (out.isActive()) {
                    out.cancelCopy();
                }
            }
            src.commit();
            return rows;
        }
    }
}
