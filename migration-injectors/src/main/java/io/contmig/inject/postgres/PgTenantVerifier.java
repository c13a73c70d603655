package io.contmig.inject.postgres;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.VerificationResult;
import io.contmig.inject.Verifier;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Compares a moved tenant database on both sides, table by table: row count and the order-independent checksum
 * of {@link PgTableDigest}. The source is read as it is now (nobody writes it after the switch; a requested drop
 * comes only after this verification); the target through its {@link PgCutoverSnapshot} (its state at the switch). A table
 * that differs is compared row by row ({@code md5(row::text)}, merged in order) to count lost rows, duplicated
 * rows and rows that exist only on the target. Not thread-safe; one verification per instance.
 */
final class PgTenantVerifier implements Verifier {

    /** What the verifier needs from its migration, read when {@link #verify} runs. */
    interface Inputs {
        PgServer source();

        PgServer target();

        String database();

        /** When the move began; empty when it never prepared. */
        Optional<Instant> movedSince();

        /** The target's state at the switch; empty when no cutover happened. */
        Optional<PgCutoverSnapshot> cutoverSnapshot();
    }

    private final Supplier<Inputs> inputs;

    PgTenantVerifier(Supplier<Inputs> inputs) {
        this.inputs = Objects.requireNonNull(inputs, "inputs");
    }

    @Override
    public VerificationResult verify(InjectionContext ctx) throws Exception {
        Inputs in = inputs.get();
        if (in.cutoverSnapshot().isEmpty()) {
            return VerificationResult.undecided("no cutover snapshot of the target: the switch did not happen");
        }
        try (Connection target = in.target().connect(in.database());
             Connection source = in.source().connect(in.database())) {
            in.cutoverSnapshot().get().importInto(target);
            source.setAutoCommit(false);
            source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<PgTable, PgTableDigest> src = PgTableDigest.ofAll(source, PgCatalog.tables(source));
            Map<PgTable, PgTableDigest> tgt = PgTableDigest.ofAll(target, PgCatalog.tables(target));
            Optional<PgRecentRows> recent = in.movedSince().isPresent()
                    ? Optional.of(PgRecentRows.of(source, List.copyOf(src.keySet()), in.movedSince().get()))
                    : Optional.empty();
            VerificationResult whole = compare(src, tgt, source, target);
            return recent.isEmpty() ? whole : withRecentRows(whole, recent.get(), target);
        }
    }

    private static VerificationResult compare(Map<PgTable, PgTableDigest> src, Map<PgTable, PgTableDigest> tgt,
                                              Connection source, Connection target) throws SQLException {
        long checked = 0;
        long lost = 0;
        long duplicated = 0;
        List<String> mismatches = new ArrayList<>();
        Map<String, Object> tables = new LinkedHashMap<>();
        TreeSet<PgTable> all = new TreeSet<>(src.keySet());
        all.addAll(tgt.keySet());
        for (PgTable table : all) {
            PgTableDigest s = src.get(table);
            PgTableDigest t = tgt.get(table);
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("sourceRows", s == null ? null : s.rows());
            facts.put("targetRows", t == null ? null : t.rows());
            facts.put("sourceChecksum", s == null ? null : s.checksum().toPlainString());
            facts.put("targetChecksum", t == null ? null : t.checksum().toPlainString());
            tables.put(table.toString(), facts);
            if (s == null) {
                mismatches.add(table + ": exists only on the target (" + t.rows() + " rows)");
                continue;
            }
            checked += s.rows();
            if (t == null) {
                lost += s.rows();
                mismatches.add(table + ": missing on the target (" + s.rows() + " rows lost)");
                continue;
            }
            if (s.rows() == t.rows() && s.checksum().compareTo(t.checksum()) == 0) {
                continue;
            }
            String line = table + ": source " + s.rows() + " rows, target " + t.rows() + " rows"
                    + (s.checksum().compareTo(t.checksum()) == 0 ? "" : ", checksums differ");
            RowDiff diff = RowDiff.of(source, target, table);
            lost += diff.sourceOnly;
            duplicated += diff.duplicated;
            facts.put("lost", diff.sourceOnly);
            facts.put("duplicated", diff.duplicated);
            facts.put("targetOnly", diff.targetOnly);
            mismatches.add(line + ": " + diff.sourceOnly + " lost, " + diff.duplicated + " duplicated, "
                    + diff.targetOnly + " only on the target");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tables", tables);
        details.put("target", "snapshot exported at the switch");
        return VerificationResult.compared("rows of the tenant's " + src.size() + " source table(s) against the target"
                + " (row counts and checksums, row by row where they differ)", checked, lost, duplicated, mismatches,
                details);
    }

    /**
     * Adds the rows written during the move to {@code whole}: how many there were per table, and any the target
     * lacks as a mismatch (they are lost rows the whole-table comparison already counted; named here because they
     * are the ones a move's write block or catch-up decides on).
     */
    private static VerificationResult withRecentRows(VerificationResult whole, PgRecentRows recent, Connection target)
            throws SQLException {
        Map<PgTable, Long> missing = recent.missingOn(target);
        List<String> mismatches = new ArrayList<>();
        missing.forEach((table, n) -> mismatches.add(table + ": " + n + " of the rows written during the move"
                + " (since " + recent.since() + ") missing on the target"));
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("since", recent.since().toString());
        written.put("rows", recent.count());
        Map<String, Object> perTable = new LinkedHashMap<>();
        recent.hashes().forEach((table, hashes) -> perTable.put(table.toString(), hashes.size()));
        written.put("tables", perTable);
        written.put("missingOnTarget", missing.values().stream().mapToLong(Long::longValue).sum());
        return whole.withMismatches(mismatches).withDetail("writtenDuringMove", written);
    }

    /** A row-level multiset comparison of one table by {@code md5(row::text)}, both sides sorted alike. */
    private static final class RowDiff {
        long sourceOnly;
        long targetOnly;
        long duplicated;

        static RowDiff of(Connection source, Connection target, PgTable table) throws SQLException {
            String sql = "SELECT md5(t::text) COLLATE \"C\" AS h FROM " + table.sql() + " t ORDER BY 1";
            RowDiff d = new RowDiff();
            try (Statement ss = source.createStatement(); Statement ts = target.createStatement()) {
                ss.setFetchSize(10_000);
                ts.setFetchSize(10_000);
                try (ResultSet s = ss.executeQuery(sql); ResultSet t = ts.executeQuery(sql)) {
                    String sh = s.next() ? s.getString(1) : null;
                    String th = t.next() ? t.getString(1) : null;
                    String lastMatched = null;
                    while (sh != null || th != null) {
                        int c = sh == null ? 1 : th == null ? -1 : sh.compareTo(th);
                        if (c == 0) {
                            lastMatched = sh;
                            sh = s.next() ? s.getString(1) : null;
                            th = t.next() ? t.getString(1) : null;
                        } else if (c < 0) {
                            d.sourceOnly++;
                            sh = s.next() ? s.getString(1) : null;
                        } else {
                            if (th.equals(lastMatched)) {
                                d.duplicated++;
                            } else {
                                d.targetOnly++;
                            }
                            th = t.next() ? t.getString(1) : null;
                        }
                    }
                }
            }
            return d;
        }
    }
}
