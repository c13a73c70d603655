package io.contmig.inject.postgres;

import io.contmig.sitewhere.SiteWhereNames;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog queries on one tenant database: its tables, sequences, and facts that decide whether a strategy
 * applies. Stateless; every method runs on the caller's connection and propagates {@link SQLException}.
 */
final class PgCatalog {

    private PgCatalog() {
    }

    /** The tenant's database name. */
    static String database(String tenant) {
        return SiteWhereNames.of(tenant).database();
    }

    static boolean databaseExists(Connection admin, String database) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Every ordinary (non-partition) table outside the system schemas, sorted. */
    static List<PgTable> tables(Connection db) throws SQLException {
        List<PgTable> tables = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND NOT c.relispartition
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                ORDER BY 1, 2""")) {
            while (rs.next()) {
                tables.add(new PgTable(rs.getString(1), rs.getString(2)));
            }
        }
        return tables;
    }

    /**
     * Tables that logical replication could not replicate UPDATEs/DELETEs of: no primary key nor replica identity
     * index, and not {@code REPLICA IDENTITY FULL}. Publishing them would make the tenant's updates fail.
     */
    static List<PgTable> tablesWithoutReplicaIdentity(Connection db) throws SQLException {
        List<PgTable> tables = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND NOT c.relispartition
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                  AND c.relreplident <> 'f'
                  AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid
                                  AND ((c.relreplident = 'd' AND i.indisprimary)
                                    OR (c.relreplident = 'i' AND i.indisreplident)))
                ORDER BY 1, 2""")) {
            while (rs.next()) {
                tables.add(new PgTable(rs.getString(1), rs.getString(2)));
            }
        }
        return tables;
    }

    /** A sequence's state as {@code setval} needs it. */
    record SequenceValue(String schema, String name, long lastValue, boolean called) {
        String sql() {
            return PgIdentifiers.qualified(schema, name);
        }
    }

    /** Every sequence outside the system schemas with its current value. */
    static List<SequenceValue> sequences(Connection db) throws SQLException {
        List<SequenceValue> result = new ArrayList<>();
        List<String[]> names = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT schemaname, sequencename FROM pg_sequences ORDER BY 1, 2")) {
            while (rs.next()) {
                names.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] n : names) {
            // Read from the sequence itself: pg_sequences.last_value hides is_called.
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT last_value, is_called FROM " + PgIdentifiers.qualified(n[0], n[1]))) {
                rs.next();
                result.add(new SequenceValue(n[0], n[1], rs.getLong(1), rs.getBoolean(2)));
            }
        }
        return result;
    }

    /** Sets every sequence of {@code target} to the value it has on the source. */
    static void copySequences(List<SequenceValue> values, Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            for (SequenceValue v : values) {
                s.execute("SELECT pg_catalog.setval(" + PgIdentifiers.literal(v.sql()) + ", " + v.lastValue() + ", "
                        + v.called() + ")");
            }
        }
    }

    /** The server's {@code wal_level}. */
    static String walLevel(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW wal_level")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Rows of every table, summed: {@code count(*)} per table (exact, for reports). */
    static long rowCount(Connection db, PgTable table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table.sql())) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
