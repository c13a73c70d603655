package io.contmig.inject.postgres;

import java.util.Objects;

/**
 * Quoting for SQL text that must embed names and values (DDL cannot take bind parameters). Stateless.
 */
final class PgIdentifiers {

    private PgIdentifiers() {
    }

    /** {@code name} as a quoted identifier: wrapped in double quotes, embedded quotes doubled; NUL refused. */
    static String quote(String name) {
        Objects.requireNonNull(name, "identifier");
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier '" + name + "' must be non-empty and free of NUL");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.table} with both parts quoted. */
    static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** {@code value} as a standard-conforming string literal (single quotes doubled; backslashes are literal). */
    static String literal(String value) {
        Objects.requireNonNull(value, "literal");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("literal must be free of NUL");
        }
        return '\'' + value.replace("'", "''") + '\'';
    }

    /** {@code value} quoted for a libpq connection string ({@code key='va\'lue'}). */
    static String conninfoValue(String value) {
        return '\'' + value.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }
}
