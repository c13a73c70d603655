package io.contmig.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL 15+ from Debian's server binaries ({@code /usr/lib/postgresql/<v>/bin}, highest version ≥ 15), one
 * cluster per instance: {@code initdb} with password (scram) auth for a superuser, {@code wal_level=logical} and
 * room for replication slots, senders and logical workers; listening on 127.0.0.1 only on a free port; Unix
 * sockets off. When this JVM runs as root the cluster belongs to user {@code postgres} and every binary runs through
 * {@code runuser -u postgres --} (Debian's binaries refuse root).
 *
 * <p>Started with {@code pg_ctl start} (the postmaster is a daemon, recorded by pid); ready when a JDBC
 * {@code select 1} succeeds. Stopped with {@code pg_ctl stop -m fast}, killed after 15 s. Durable by default
 * ({@code fsync=on}, {@code synchronous_commit=on}). Thread-safe per {@link ProcessServer}.
 *
 * <p>Where the cluster lives: in {@code <dataDir>/pgdata} with its log in {@code <dataDir>/postgres.log}, unless
 * this JVM is root and user {@code postgres} cannot reach the data directory (a private parent such as {@code /root}
 * or a {@code mktemp -d} directory). Then cluster and log live in a directory of {@link ForeignUserDirs}
 * ({@code /var/tmp/contmig-0/<pid>-<name>-<n>}, 0700, owned by {@code postgres}); it survives a {@link #close()}
 * (a restart keeps the data) and is deleted when this JVM ends, after the server stopped, its log copied into the
 * data directory first; a killed JVM's directory is deleted by the next start of any instance.
 */
public final class PostgresServer extends ProcessServer {
    /** Where Debian installs the server binaries, one directory per major version. */
    public static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final int MIN_MAJOR = 15;
    private static final String RUN_AS = "postgres";

    /**
     * Settings of one instance; immutable, every {@code with*} returns a copy.
     *
     * @param name         instance name (pid file name)
     * @param dataDir      instance directory (cluster in {@code pgdata/}, log {@code postgres.log})
     * @param runDir       pid-file directory
     * @param binDir       server binaries; empty = find the highest Debian version ≥ 15
     * @param user         superuser name
     * @param password     superuser password (scram-sha-256 over TCP)
     * @param fsync        {@code fsync} (durable: true)
     * @param synchronousCommit {@code synchronous_commit} (durable: true)
     * @param settings     further {@code postgresql.conf} settings, written after the defaults (so they win)
     * @param startTimeout readiness deadline
     */
    public record Options(String name, Path dataDir, Path runDir, Optional<Path> binDir, String user, String password,
                          boolean fsync, boolean synchronousCommit, Map<String, String> settings,
                          Duration startTimeout) {
        private static final Pattern IDENT = Pattern.compile("[a-z_][a-z0-9_]*");

        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(runDir, "runDir");
            Objects.requireNonNull(binDir, "binDir");
            if (user == null || !IDENT.matcher(user).matches()) {
                throw new IllegalArgumentException("user (" + user + ") must match " + IDENT);
            }
            if (password == null || password.isEmpty() || password.contains("\n")) {
                throw new IllegalArgumentException("password must be non-empty and one line");
            }
            settings = Map.copyOf(settings);
            for (String key : settings.keySet()) {
                if (!IDENT.matcher(key).matches()) {
                    throw new IllegalArgumentException("settings key (" + key + ") must match " + IDENT);
                }
            }
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout (" + startTimeout + ") must be > 0");
            }
        }

        /** Durable defaults; pid files in {@code <dataDir>/../run}; superuser {@code contmig}/{@code contmig}. */
        public static Options defaults(String name, Path dataDir) {
            return new Options(name, dataDir, dataDir.toAbsolutePath().resolveSibling("run"), Optional.empty(),
                    "contmig", "contmig", true, true, Map.of(), Duration.ofSeconds(60));
        }

        public Options withRunDir(Path dir) {
            return new Options(name, dataDir, dir, binDir, user, password, fsync, synchronousCommit, settings, startTimeout);
        }

        public Options withBinDir(Path dir) {
            return new Options(name, dataDir, runDir, Optional.of(dir), user, password, fsync, synchronousCommit,
                    settings, startTimeout);
        }

        public Options withCredentials(String newUser, String newPassword) {
            return new Options(name, dataDir, runDir, binDir, newUser, newPassword, fsync, synchronousCommit, settings,
                    startTimeout);
        }

        /** {@code fsync} and {@code synchronous_commit}; both false trades durability for speed. */
        public Options withDurability(boolean newFsync, boolean newSynchronousCommit) {
            return new Options(name, dataDir, runDir, binDir, user, password, newFsync, newSynchronousCommit, settings,
                    startTimeout);
        }

        /** Adds or replaces one {@code postgresql.conf} setting (value written verbatim, quote strings yourself). */
        public Options withSetting(String key, String value) {
            Map<String, String> copy = new LinkedHashMap<>(settings);
            copy.put(key, value);
            return new Options(name, dataDir, runDir, binDir, user, password, fsync, synchronousCommit, copy,
                    startTimeout);
        }
    }

    private final Options options;
    private final boolean asRoot;
    private Path binDir;
    private volatile int port;
    private volatile String version = "";
    private volatile Path home; // holds pgdata/ and postgres.log; set by the first start

    public PostgresServer(Options options) {
        super(options.name(), options.dataDir(), options.runDir());
        this.options = options;
        this.asRoot = Posix.isRoot();
    }

    /**
     * The highest PostgreSQL ≥ 15 binary directory under {@link #DEBIAN_ROOT}.
     *
     * @throws ServerException naming the missing piece and the install command when there is none
     */
    public static Path findBinDir() {
        return findBinDir(DEBIAN_ROOT);
    }

    static Path findBinDir(Path root) {
        List<Integer> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("\\d+"))
                        .map(Integer::valueOf)
                        .filter(v -> Files.isExecutable(root.resolve(v + "/bin/postgres"))
                                && Files.isExecutable(root.resolve(v + "/bin/initdb")))
                        .forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Optional<Integer> best = found.stream().filter(v -> v >= MIN_MAJOR).max(Integer::compare);
        if (best.isEmpty()) {
            throw new ServerException("PostgreSQL server binaries >= " + MIN_MAJOR + " not found: no "
                    + root + "/<version>/bin/{postgres,initdb} with version >= " + MIN_MAJOR
                    + (found.isEmpty() ? "" : " (found only " + found + ")")
                    + ". Install them with: apt-get install postgresql-15 (or run scripts/setup-system.sh)");
        }
        return root.resolve(best.get() + "/bin");
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port (0 before the first start). */
    public int port() {
        return port;
    }

    public String user() {
        return options.user();
    }

    public String password() {
        return options.password();
    }

    public Options options() {
        return options;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** A libpq connection string, e.g. for {@code CREATE SUBSCRIPTION ... CONNECTION '...'}. */
    public String libpqConnectionString(String database) {
        return "host=" + host() + " port=" + port + " user=" + user() + " password=" + password() + " dbname=" + database;
    }

    /** A new superuser connection to database {@code postgres}; the caller closes it. */
    public Connection connect() throws SQLException {
        return connect("postgres");
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user());
        props.setProperty("password", password());
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** {@code select version()} as reported by the running server ("" before the first start). */
    public String version() {
        return version;
    }

    /** The binary directory in use (after the first start). */
    public Path binDir() {
        return binDir;
    }

    @Override
    public Path logFile() {
        return home().resolve("postgres.log");
    }

    /** The cluster directory ({@code initdb -D}). */
    public Path pgData() {
        return home().resolve("pgdata");
    }

    private Path home() {
        Path h = home;
        return h == null ? dataDir() : h;
    }

    /** Chooses where the cluster lives (see the class comment) and makes that directory the server user's. */
    private Path prepareHome() {
        if (!asRoot) {
            return dataDir();
        }
        if (Posix.traversableByOthers(dataDir())) {
            Posix.chownRecursive(dataDir(), RUN_AS);
            return dataDir();
        }
        Path relocated = ForeignUserDirs.standard().create(name(), RUN_AS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            try {
                Files.copy(relocated.resolve("postgres.log"), dataDir().resolve("postgres.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                // No log (never started) or the data dir is gone: nothing to keep.
            }
            Posix.deleteTree(relocated);
        }, "contmig-delete-" + name()));
        return relocated;
    }

    @Override
    protected void prepare() {
        binDir = options.binDir().orElseGet(PostgresServer::findBinDir);
        home = prepareHome();
        Path pwFile = home.resolve("pwfile");
        try {
            // Owner-only from the start: the superuser password must not be readable by other users, even briefly.
            Files.deleteIfExists(pwFile);
            Files.createFile(pwFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pwFile, options.password() + "\n", StandardCharsets.UTF_8);
            if (asRoot) {
                Posix.chownRecursive(pwFile, RUN_AS);
            }
            // --no-sync: initdb's final fsync costs ~1 s and the cluster is throwaway until it has started.
            asServerUser(List.of(binDir.resolve("initdb").toString(), "-D", pgData().toString(), "-U", options.user(),
                    "--pwfile=" + pwFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"))
                    .requireOk(name() + ": initdb");
            Files.delete(pwFile);
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("listen_addresses", "'127.0.0.1'");
            conf.put("unix_socket_directories", "''");
            conf.put("wal_level", "logical");
            conf.put("max_replication_slots", "32");
            conf.put("max_wal_senders", "32");
            conf.put("max_logical_replication_workers", "16");
            conf.put("max_worker_processes", "32");
            conf.put("max_sync_workers_per_subscription", "4");
            conf.put("max_connections", "300");
            conf.put("fsync", options.fsync() ? "on" : "off");
            conf.put("synchronous_commit", options.synchronousCommit() ? "on" : "off");
            conf.put("logging_collector", "off");
            conf.putAll(options.settings());
            StringBuilder text = new StringBuilder("\n# contmig settings (later lines win)\n");
            conf.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
            // Appended as the server user would: the file belongs to postgres when we are root.
            Files.writeString(pgData().resolve("postgresql.conf"), text, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(name() + ": could not prepare " + dataDir(), e);
        }
    }

    @Override
    protected RunningProcess launch() {
        if (port == 0) {
            port = FreePorts.next();
        }
        try {
            Files.deleteIfExists(pgData().resolve("postmaster.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        asServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", pgData().toString(), "-l",
                logFile().toString(), "-o", "-p " + port, "-W", "start")).requireOk(name() + ": pg_ctl start");
        // pg_ctl forks the postmaster and returns; its pid is the first line of postmaster.pid.
        long pid = Readiness.await(name() + " writing postmaster.pid", Duration.ofSeconds(10),
                this::postmasterPid, () -> null);
        return RunningProcess.ofPid(pid);
    }

    private Long postmasterPid() throws IOException {
        Path file = pgData().resolve("postmaster.pid");
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file);
        return lines.isEmpty() || lines.get(0).isBlank() ? null : Long.valueOf(lines.get(0).trim());
    }

    @Override
    protected void awaitReady(RunningProcess process) {
        version = Readiness.await(name() + " accepting JDBC connections on port " + port, options.startTimeout(),
                () -> {
                    try (Connection c = connect(); Statement s = c.createStatement()) {
                        try (ResultSet one = s.executeQuery("select 1")) {
                            one.next();
                        }
                        try (ResultSet v = s.executeQuery("select version()")) {
                            v.next();
                            return v.getString(1);
                        }
                    }
                }, () -> deathOf(process));
    }

    @Override
    protected void stopGracefully(RunningProcess process) {
        // Fast shutdown: roll back open transactions and disconnect clients instead of waiting for them.
        asServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", pgData().toString(), "-m", "fast", "-w",
                "-t", "15", "stop"));
    }

    @Override
    protected void onBindConflict() {
        port = FreePorts.next();
    }

    /** The postmaster's command line names its cluster directory ({@code -D}), wherever that lives. */
    @Override
    protected String cmdlineMarker() {
        return pgData().toString();
    }

    private ShortCommand.Result asServerUser(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        }
        full.addAll(command);
        return ShortCommand.run(full, Duration.ofSeconds(60));
    }
}
