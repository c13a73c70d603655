package io.contmig.inject.postgres;

import io.contmig.options.OptionKey;


/** Option keys shared by the PostgreSQL injectors. */
final class PgOptions {

    private PgOptions() {
    }

    static final OptionKey<String> PG_BIN_DIR = OptionKey.string("pgBinDir").defaultValue("")
            .doc("Directory of pg_dump and psql; empty = the newest /usr/lib/postgresql/<v>/bin, else PATH.");
}
