package io.contmig.inject.postgres;

import io.contmig.options.OptionSpec;


/** Option specs shared by the PostgreSQL injectors. */
final class PgOptions {

    private PgOptions() {
    }

    static final OptionSpec PG_BIN_DIR = OptionSpec.string("pgBinDir").defaultValue("")
            .doc("Directory of pg_dump and psql; empty = the newest /usr/lib/postgresql/<v>/bin, else PATH.");
}
