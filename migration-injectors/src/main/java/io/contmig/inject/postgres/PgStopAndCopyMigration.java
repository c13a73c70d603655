package io.contmig.inject.postgres;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.options.OptionValues;
import io.contmig.target.Store;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code postgresql/stop-and-copy}: blocks the tenant's writes, creates the tables on the target from the
 * source's DDL ({@code pg_dump --section=pre-data}), streams every table with {@code COPY ... TO STDOUT} →
 * {@code COPY ... FROM STDIN} (the JDBC {@code CopyManager}, committed every {@code batchRows} rows, optionally
 * throttled to {@code copyRowsPerSecond}), adds indexes and constraints ({@code post-data}), fixes the sequences,
 * switches the routing and unblocks. Phases: {@code block}, {@code schema}, {@code copy}, {@code indexes}, {@code cutover}.
 *
 * <p>The copy reads the source through {@code routing.endpoints(from, to)}, so that it pays the WAN delay as a
 * copier on the target's site would. Any failure before the switch leaves the source untouched and authoritative
 * (it was only read); heal unblocks and drops the partial target copy. Writers wait at most {@code maxWriteBlock};
 * a copy that would take longer makes their writes fail (recorded as errors), which is the price of the strategy.
 */
public final class PgStopAndCopyMigration extends PgTenantMigration {

    private final Duration maxWriteBlock;
    private final int batchRows;
    private final long copyRowsPerSecond;

    public PgStopAndCopyMigration(InjectionSpec spec, OptionValues options) {
        super(spec, options);
        this.maxWriteBlock = options.get(PgStopAndCopyFactory.MAX_WRITE_BLOCK);
        this.batchRows = options.get(PgStopAndCopyFactory.BATCH_ROWS);
        this.copyRowsPerSecond = options.get(PgStopAndCopyFactory.COPY_ROWS_PER_SECOND);
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        ctx.phase("block");
        block = ctx.routing().blockWrites(tenant, Store.POSTGRESQL, maxWriteBlock);
        ctx.phase("schema");
        createTargetDatabase();
        copySchema(ctx, "pre-data");
        ctx.phase("copy");
        List<PgTable> tables;
        try (Connection src = sourceFromTarget.connect(database); Connection tgt = target.connect(database)) {
            // One snapshot for all tables, although nobody writes while blocked: a consistent copy by construction.
            src.setAutoCommit(false);
            src.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            tables = PgCatalog.tables(src);
            Throttle throttle = new Throttle(copyRowsPerSecond);
            for (PgTable table : tables) {
                copyTable(src, tgt, table, throttle);
            }
            src.commit();
        }
        ctx.phase("indexes");
        copySchema(ctx, "post-data");
        ctx.phase("cutover");
        fixSequences();
        takeCutoverSnapshot();
        ctx.routing().switchSite(tenant, Store.POSTGRESQL, spec.to());
        releaseBlock();
    }

    private void copyTable(Connection src, Connection tgt, PgTable table, Throttle throttle) throws Exception {
        // Text format: one CopyData message per row, so rows can be counted, batched and paced without parsing.
        CopyOut reader = src.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table.sql() + " TO STDOUT");
        String copyIn = "COPY " + table.sql() + " FROM STDIN";
        var targetCopy = tgt.unwrap(PGConnection.class).getCopyAPI();
        CopyIn writer = null;
        long inBatch = 0;
        try {
            byte[] row;
            while ((row = reader.readFromCopy()) != null) {
                if (writer == null) {
                    writer = targetCopy.copyIn(copyIn);
                }
                writer.writeToCopy(row, 0, row.length);
                throttle.pass();
                if (++inBatch >= batchRows) {
                    writer.endCopy();
                    writer = null;
                    inBatch = 0;
                }
            }
            if (writer != null) {
                writer.endCopy();
                writer = null;
            }
        } finally {
            if (writer != null && writer.isActive()) {
                writer.cancelCopy();
            }
            if (reader.isActive()) {
                reader.cancelCopy();
            }
        }
    }

    @Override
    protected void healStrategy(InjectionContext ctx) {
        // Nothing beyond the common heal: the source was only read.
    }

    /** Paces rows to at most {@code rowsPerSecond} (0 = unthrottled), measured from the first row. */
    private static final class Throttle {
        private final long rowsPerSecond;
        private long startNanos;
        private long rows;

        Throttle(long rowsPerSecond) {
            this.rowsPerSecond = rowsPerSecond;
        }

        void pass() {
            if (rowsPerSecond <= 0) {
                return;
            }
            if (rows == 0) {
                startNanos = System.nanoTime();
            }
            rows++;
            // Pacing (not waiting for a condition): the copy may not run ahead of its rate budget.
            long due = startNanos + rows * 1_000_000_000L / rowsPerSecond;
            long ahead = due - System.nanoTime();
            if (ahead > 1_000_000) {
                LockSupport.parkNanos(ahead);
            }
        }
    }
}
