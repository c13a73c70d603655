package io.contmig.servers;

import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.Login;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * InfluxDB 1.x ({@code influxd}, v1 HTTP API): from {@code PATH} or Debian's {@code influxdb} package fetched into
 * the user cache by {@link DebianPackages}. Configuration is {@code influxd config}'s defaults with the HTTP bind
 * address, the RPC bind address (backup/restore; a distinct free port), meta/data/wal directories under the data
 * dir, and {@code reporting-disabled = true} (no usage report to the outside). {@code INFLUXDB_*} environment
 * variables are removed so they cannot override that.
 *
 * <p>With a {@link Options#login}, HTTP authentication is on ({@code [http] auth-enabled = true}) and, right after
 * the first answer to {@code /ping}, the login is created as the admin user ({@code CREATE USER ... WITH ALL
 * PRIVILEGES}, which InfluxDB 1.x accepts without credentials while no admin exists; sent with them, it is a no-op on
 * a restart). The statement travels in a POST body, never in a URL or on a command line. The RPC service
 * ({@code influxd backup/restore}) has no authentication in InfluxDB 1.x: it listens on loopback only.
 *
 * <p>Ready when {@code GET /ping} answers 204 (and the admin user exists). Stopped by SIGTERM, killed after 15 s. Thread-safe per
 * {@link ProcessServer}.
 */
public final class InfluxServer extends ProcessServer {

    /**
     * The store label under which a site's endpoints ({@code SiteEndpoints.addresses}) carry the {@code host:port} of
     * its InfluxDB RPC (backup/restore) service, which the HTTP URL does not give: cross-site routes name the WAN
     * proxy in front of it, so that {@code influxd backup} from the other site pays the WAN.
     */
    public static final String RPC_ADDRESS_LABEL = "influxrpc";

    /**
     * Settings of one instance; immutable.
     *
     * @param name        instance name (pid file name)
     * @param dataDir     instance directory (config, meta/data/wal, log)
     * @param runDir      pid-file directory
     * @param settings    further {@code section -> key -> value} TOML settings (values verbatim, quote strings);
     *                    section "" is the top level
     * @param startTimeout readiness deadline
     * @param login       the admin user HTTP clients must present; {@link Login#NONE}: authentication off
     */
    public record Options(String name, Path dataDir, Path runDir, Map<String, Map<String, String>> settings,
                          Duration startTimeout, Login login) {
        public Options {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(runDir, "runDir");
            settings = Map.copyOf(settings);
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout (" + startTimeout + ") must be > 0");
            }
        }

        /** Pid files in {@code <dataDir>/../run}; the internal monitor store off (it writes every 10 s). */
        public static Options defaults(String name, Path dataDir) {
            return new Options(name, dataDir, dataDir.toAbsolutePath().resolveSibling("run"),
                    Map.of("monitor", Map.of("store-enabled", "false")), Duration.ofSeconds(30), Login.NONE);
        }

        public Options withRunDir(Path dir) {
            return new Options(name, dataDir, dir, settings, startTimeout, login);
        }

        /** These options with authentication on and {@code newLogin} as the admin user. */
        public Options withLogin(Login newLogin) {
            return new Options(name, dataDir, runDir, settings, startTimeout, newLogin);
        }
    }

    private final Options options;
    private final DebianPackages packages;
    private Path binary;
    private String baseConfig;
    private volatile int httpPort;
    private volatile int rpcPort;
    private volatile String version = "";

    public InfluxServer(Options options) {
        this(options, DebianPackages.userCache());
    }

    public InfluxServer(Options options, DebianPackages packages) {
        super(options.name(), options.dataDir(), options.runDir());
        this.options = options;
        this.packages = packages;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** HTTP API port (0 before the first start). */
    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<httpPort>} — base URL for {@code /ping}, {@code /write}, {@code /query}. */
    public String url() {
        return "http://" + host() + ":" + httpPort;
    }

    /** The admin user HTTP clients must present ({@link Login#NONE} when authentication is off). */
    public Login login() {
        return options.login();
    }

    /** A client of this server's HTTP API presenting {@link #login()}; each request fails after {@code timeout}. */
    public InfluxClient client(Duration timeout) {
        return new InfluxClient(url(), timeout, options.login());
    }

    /** RPC (backup/restore) port (0 before the first start). */
    public int rpcPort() {
        return rpcPort;
    }

    /** {@code 127.0.0.1:<rpcPort>} — the {@code -host} of {@code influxd backup/restore}. */
    public String rpcAddress() {
        return host() + ":" + rpcPort;
    }

    /** The {@code influxd} binary in use (after the first start); runs {@code backup} and {@code restore} too. */
    public Path influxd() {
        return binary;
    }

    /** The {@code X-Influxdb-Version} the server answered ("" before the first start). */
    public String version() {
        return version;
    }

    @Override
    public Path logFile() {
        return dataDir().resolve("influxd.log");
    }

    private Path configFile() {
        return dataDir().resolve("influxdb.conf");
    }

    @Override
    protected void prepare() {
        binary = DebianPackages.onPath("influxd")
                .orElseGet(() -> packages.ensure("influxdb").file("usr/bin/influxd"));
        baseConfig = ShortCommand.run(List.of(binary.toString(), "config"), Duration.ofSeconds(30), Map.of(), dataDir())
                .requireOk(name() + ": influxd config").stdout();
    }

    @Override
    protected RunningProcess launch() {
        if (httpPort == 0) {
            httpPort = FreePorts.next();
            rpcPort = FreePorts.next();
        }
        TomlSettings conf = new TomlSettings(baseConfig)
                .set("", "reporting-disabled", "true")
                .set("", "bind-address", quote(rpcAddress()))
                .set("meta", "dir", quote(dataDir().resolve("meta").toString()))
                .set("data", "dir", quote(dataDir().resolve("data").toString()))
                .set("data", "wal-dir", quote(dataDir().resolve("wal").toString()))
                .set("data", "query-log-enabled", "false")
                .set("http", "bind-address", quote(host() + ":" + httpPort))
                .set("http", "log-enabled", "false")
                .set("http", "auth-enabled", options.login().isNone() ? "false" : "true");
        for (var section : options.settings().entrySet()) {
            for (var kv : section.getValue().entrySet()) {
                conf = conf.set(section.getKey(), kv.getKey(), kv.getValue());
            }
        }
        try {
            Files.writeString(configFile(), conf.text(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "run", "-config", configFile().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            // INFLUXDB_* variables override the config file; none of the caller's may leak in.
            builder.environment().keySet().removeIf(k -> k.startsWith("INFLUXDB_"));
            return RunningProcess.of(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(name() + ": could not launch " + binary, e);
        }
    }

    @Override
    protected void awaitReady(RunningProcess process) {
        InfluxClient client = client(Duration.ofSeconds(2));
        version = Readiness.await(name() + " answering /ping on port " + httpPort, options.startTimeout(),
                client::ping, () -> deathOf(process));
        if (!options.login().isNone()) {
            Login admin = options.login();
            try {
                client(options.startTimeout()).createAdmin(admin);
            } catch (IOException e) {
                throw new ServerException(name() + ": cannot create admin user " + admin.user() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    protected void onBindConflict() {
        httpPort = FreePorts.next();
        rpcPort = FreePorts.next();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
