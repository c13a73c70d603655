package io.contmig.inject.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The rows a tenant database gained or changed since a moment — those whose {@code created_date} or
 * {@code updated_date} (SiteWhere's audit columns, UTC {@code timestamp}s) is at or after {@code since} — as
 * {@code md5(row::text)} per table. Taken on the source after the switch (nobody writes it any more), it names the
 * rows written <em>during</em> the move, which the verifier then looks for on the target: the writes a move is
 * most likely to lose (a write block let through, a late replication) are checked one by one. Tables without
 * either column are not covered. Immutable.
 *
 * @param since  the move's start
 * @param hashes per table, the md5 hashes of its rows written since then (a multiset, in any order)
 */
record PgRecentRows(Instant since, Map<PgTable, List<String>> hashes) {

    /** The audit columns SiteWhere's device-management tables carry. */
    private static final List<String> AUDIT_COLUMNS = List.of("created_date", "updated_date");

    PgRecentRows {
        Objects.requireNonNull(since, "since");
        Map<PgTable, List<String>> copy = new LinkedHashMap<>();
        hashes.forEach((table, list) -> copy.put(table, List.copyOf(list)));
        hashes = Collections.unmodifiableMap(copy);
    }

    /** The rows of {@code tables} on {@code db} written at or after {@code since}. */
    static PgRecentRows of(Connection db, List<PgTable> tables, Instant since) throws SQLException {
        Map<PgTable, List<String>> hashes = new LinkedHashMap<>();
        for (PgTable table : tables) {
            Map<String, String> columns = auditColumns(db, table);
            if (columns.isEmpty()) {
                continue;
            }
            List<String> list = new ArrayList<>();
            forEachHash(db, table, columns, since, list::add);
            hashes.put(table, list);
        }
        return new PgRecentRows(since, hashes);
    }

    /** How many rows were written since {@link #since}, over every covered table. */
    long count() {
        return hashes.values().stream().mapToLong(List::size).sum();
    }

    /** Per table, how many of these rows {@code target} lacks (a multiset difference; 0-entries left out). */
    Map<PgTable, Long> missingOn(Connection target) throws SQLException {
        Map<PgTable, Long> missing = new LinkedHashMap<>();
        for (Map.Entry<PgTable, List<String>> e : hashes.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            PgTable table = e.getKey();
            Map<String, String> columns = auditColumns(target, table);
            Map<String, Integer> onTarget = new HashMap<>();
            if (!columns.isEmpty()) {
                forEachHash(target, table, columns, since, hash -> onTarget.merge(hash, 1, Integer::sum));
            }
            long lacking = 0;
            for (String hash : e.getValue()) {
                Integer left = onTarget.get(hash);
                if (left == null || left == 0) {
                    lacking++;
                } else {
                    onTarget.put(hash, left - 1);
                }
            }
            if (lacking > 0) {
                missing.put(table, lacking);
            }
        }
        return missing;
    }

    /**
     * Streams the hashes of {@code table}'s rows with an audit column at or after {@code since}; {@code columns}
     * maps each audit column to its type ({@code timestamp} columns hold UTC, as SiteWhere writes them).
     */
    private static void forEachHash(Connection db, PgTable table, Map<String, String> columns, Instant since,
                                    Consumer<String> action) throws SQLException {
        StringBuilder where = new StringBuilder();
        for (Map.Entry<String, String> c : columns.entrySet()) {
            boolean zoned = c.getValue().equals("timestamp with time zone");
            where.append(where.length() == 0 ? "" : " OR ").append("t.").append(PgIdentifiers.quote(c.getKey()))
                    .append(zoned ? " >= ?::timestamptz" : " >= (?::timestamptz AT TIME ZONE 'UTC')");
        }
        try (PreparedStatement s = db.prepareStatement("SELECT md5(t::text) FROM " + table.sql() + " t WHERE "
                + where)) {
            for (int i = 1; i <= columns.size(); i++) {
                s.setString(i, since.toString());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    action.accept(rs.getString(1));
                }
            }
        }
    }

    private static Map<String, String> auditColumns(Connection db, PgTable table) throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND data_type LIKE 'timestamp%'"
                + " AND column_name = ANY (?) ORDER BY column_name")) {
            s.setString(1, table.schema());
            s.setString(2, table.name());
            s.setArray(3, db.createArrayOf("text", AUDIT_COLUMNS.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return found;
    }
}
