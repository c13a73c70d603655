package io.contmig.inject.postgres;

import java.util.Objects;

/** One ordinary table of a tenant database. Immutable. */
record PgTable(String schema, String name) implements Comparable<PgTable> {

    PgTable {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** The quoted {@code "schema"."name"} for SQL text. */
    String sql() {
        return PgIdentifiers.qualified(schema, name);
    }

    @Override
    public int compareTo(PgTable o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
