package io.contmig.inject.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The target's state at the cutover moment, kept for the verifier: a repeatable-read transaction on the target
 * whose snapshot is exported ({@code pg_export_snapshot()}) while the tenant's writes are blocked, so that the
 * verifier later sees exactly what the target held when it took over, although new writes land there since.
 *
 * <p>Not thread-safe; owned by one migration. {@link #close()} ends the transaction and is idempotent.
 */
final class PgCutoverSnapshot implements AutoCloseable {

    private final Connection holder;
    private final String snapshotId;

    private PgCutoverSnapshot(Connection holder, String snapshotId) {
        this.holder = holder;
        this.snapshotId = snapshotId;
    }

    /** Exports the current snapshot of {@code database} on {@code target}. */
    static PgCutoverSnapshot export(PgServer target, String database) throws SQLException {
        return exportOn(target.connect(database));
    }

    /**
     * Exports the current snapshot on {@code c}, a fresh connection to the target database that this snapshot then
     * owns (opened beforehand so that the export inside a write block costs one round trip).
     */
    static PgCutoverSnapshot exportOn(Connection c) throws SQLException {
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                return new PgCutoverSnapshot(c, rs.getString(1));
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** Makes {@code reader}'s new transaction see this snapshot; {@code reader} must not be in a transaction yet. */
    void importInto(Connection reader) throws SQLException {
        reader.setAutoCommit(false);
        reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = reader.createStatement()) {
            s.execute("SET TRANSACTION SNAPSHOT " + PgIdentifiers.literal(snapshotId));
        }
    }

    @Override
    public void close() {
        try {
            holder.rollback();
        } catch (SQLException e) {
            // The connection is going away anyway; nothing was written in this transaction.
        }
        try {
            holder.close();
        } catch (SQLException e) {
            // Same: closing a broken connection has nothing left to release.
        }
    }
}
