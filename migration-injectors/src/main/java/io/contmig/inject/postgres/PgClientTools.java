package io.contmig.inject.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL client programs ({@code pg_dump}, {@code psql}) of the system: schema copies are made with the
 * server project's own DDL dumper rather than a hand-written one. Immutable; each call starts a child process
 * that it waits for (and kills on timeout or interrupt). Passwords reach children through {@code PGPASSWORD},
 * never on a command line.
 */
final class PgClientTools {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final long TIMEOUT_SECONDS = 300;

    private final Path binDir;

    private PgClientTools(Path binDir) {
        this.binDir = binDir;
    }

    /** The tools in {@code configured} when non-empty, else the newest Debian version, else those on PATH. */
    static PgClientTools find(String configured) {
        if (!configured.isBlank()) {
            return new PgClientTools(requireTools(Path.of(configured)));
        }
        Optional<Path> debian = Optional.empty();
        if (Files.isDirectory(DEBIAN_ROOT)) {
            try (Stream<Path> dirs = Files.list(DEBIAN_ROOT)) {
                debian = dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
                        .filter(d -> Files.isExecutable(d.resolve("bin/pg_dump")))
                        .max(Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString())))
                        .map(d -> d.resolve("bin"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + DEBIAN_ROOT + ": " + e.getMessage(), e);
            }
        }
        if (debian.isPresent()) {
            return new PgClientTools(debian.get());
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_dump")) && Files.isExecutable(Path.of(dir, "psql"))) {
                return new PgClientTools(Path.of(dir));
            }
        }
        throw new IllegalStateException("pg_dump and psql not found (looked in " + DEBIAN_ROOT
                + "/<version>/bin and PATH); install postgresql-client-15 or set option pgBinDir");
    }

    private static Path requireTools(Path dir) {
        for (String tool : List.of("pg_dump", "psql")) {
            if (!Files.isExecutable(dir.resolve(tool))) {
                throw new IllegalStateException("pgBinDir: no executable " + dir.resolve(tool));
            }
        }
        return dir;
    }

    Path binDir() {
        return binDir;
    }

    /**
     * Writes the DDL of {@code database} on {@code server} to {@code out}: {@code section} is {@code pre-data}
     * (schemas, types, tables, sequences), {@code post-data} (indexes, constraints, triggers) or empty for both.
     * Owners, privileges, publications and subscriptions are left out: they belong to the server, not the tenant.
     */
    void dumpSchema(PgServer server, String database, String section, Path out, Path errors) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binDir.resolve("pg_dump").toString(), "--schema-only",
                "--no-owner", "--no-privileges", "--no-publications", "--no-subscriptions",
                "-h", server.host(), "-p", String.valueOf(server.port()), "-U", server.user(), "-d", database,
                "-f", out.toString()));
        if (!section.isEmpty()) {
            cmd.add("--section=" + section);
        }
        run(cmd, server, errors, "pg_dump of " + database + " from " + server.site());
    }

    /** Writes the DDL of {@code database} as a custom-format archive (for {@link #toc} and {@link #restore}). */
    void dumpSchemaArchive(PgServer server, String database, Path archive, Path errors) throws IOException, InterruptedException {
        run(List.of(binDir.resolve("pg_dump").toString(), "--schema-only", "--format=custom",
                "--no-owner", "--no-privileges", "--no-publications", "--no-subscriptions",
                "-h", server.host(), "-p", String.valueOf(server.port()), "-U", server.user(), "-d", database,
                "-f", archive.toString()), server, errors, "pg_dump of " + database + " from " + server.site());
    }

    /** The table of contents of {@code archive}, one entry a line ({@code pg_restore -l}; comments start with ';'). */
    List<String> toc(Path archive, Path errors) throws IOException, InterruptedException {
        Path list = Path.of(archive + ".list");
        List<String> cmd = List.of(binDir.resolve("pg_restore").toString(), "-l", "-f", list.toString(), archive.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(errors.toFile());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("pg_restore -l of " + archive + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("pg_restore -l of " + archive + " failed (exit " + p.exitValue() + "): "
                    + Files.readString(errors, StandardCharsets.UTF_8).strip());
        }
        return Files.readAllLines(list, StandardCharsets.UTF_8);
    }

    /** Restores the entries of {@code archive} listed in {@code entries} into {@code database}, stopping at the first error. */
    void restore(PgServer server, String database, Path archive, List<String> entries, Path listFile, Path errors)
            throws IOException, InterruptedException {
        Files.write(listFile, entries, StandardCharsets.UTF_8);
        run(List.of(binDir.resolve("pg_restore").toString(), "--no-owner", "--no-privileges", "--exit-on-error",
                "-L", listFile.toString(), "-h", server.host(), "-p", String.valueOf(server.port()),
                "-U", server.user(), "-d", database, archive.toString()), server, errors,
                "pg_restore into " + database + " on " + server.site());
    }

    /** Runs the SQL file {@code script} on {@code database}, stopping at the first error. */
    void apply(PgServer server, String database, Path script, Path errors) throws IOException, InterruptedException {
        run(List.of(binDir.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", server.host(), "-p", String.valueOf(server.port()), "-U", server.user(), "-d", database,
                "-f", script.toString()), server, errors, "psql into " + database + " on " + server.site());
    }

    private static void run(List<String> cmd, PgServer server, Path errors, String what) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(errors.toFile());
        Map<String, String> env = pb.environment();
        env.put("PGPASSWORD", server.password());
        env.put("PGCONNECT_TIMEOUT", "10");
        env.put("PGAPPNAME", "contmig-injector");
        Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(what + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (p.exitValue() != 0) {
            String output = Files.exists(errors) ? Files.readString(errors, StandardCharsets.UTF_8).strip() : "";
            throw new IOException(what + " failed (exit " + p.exitValue() + "): "
                    + (output.length() > 600 ? output.substring(0, 600) + "..." : output));
        }
    }
}
