package io.contmig.inject.postgres;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table's row count and order-independent checksum: the sum over its rows of the first 64 bits of
 * {@code md5(row::text)} (as a signed bigint, summed exactly as numeric). Equal on both sides means the same
 * multiset of rows, up to an md5 collision. Immutable.
 */
record PgTableDigest(PgTable table, long rows, BigDecimal checksum) {

    PgTableDigest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(checksum, "checksum");
    }

    /** The digest of {@code table} on {@code db} as the connection's current snapshot sees it. */
    static PgTableDigest of(Connection db, PgTable table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric), 0) FROM "
                        + table.sql() + " t")) {
            rs.next();
            return new PgTableDigest(table, rs.getLong(1), rs.getBigDecimal(2));
        }
    }

    /** Digests of every table, in order. */
    static Map<PgTable, PgTableDigest> ofAll(Connection db, List<PgTable> tables) throws SQLException {
        Map<PgTable, PgTableDigest> digests = new LinkedHashMap<>();
        for (PgTable t : tables) {
            digests.put(t, of(db, t));
        }
        return digests;
    }
}
