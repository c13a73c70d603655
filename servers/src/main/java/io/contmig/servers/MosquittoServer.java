package io.contmig.servers;

import io.contmig.target.Login;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Mosquitto 2 broker: {@code mosquitto} from {@code PATH} or, when absent, Debian's package fetched into the user
 * cache by {@link DebianPackages} (with the shared libraries of its missing dependencies on
 * {@code LD_LIBRARY_PATH}). One listener on 127.0.0.1 at a free port, anonymous access, no persistence. As root,
 * {@code user root} keeps it from dropping to user {@code mosquitto} (which may not exist here).
 *
 * <p>Ready when a raw MQTT CONNECT gets CONNACK 0. Stopped by SIGTERM, killed after 10 s. Thread-safe per
 * {@link ProcessServer}.
 */
public final class MosquittoServer extends ProcessServer {

    /**
     * Settings of one broker; immutable.
     *
     * @param name        instance name (pid file name)
     * @param dataDir     instance directory (config, log)
     * @param runDir      pid-file directory
     * @param extraConfig further {@code mosquitto.conf} lines, appended after the defaults
     * @param startTimeout readiness deadline
     * @param login       the one user clients must present; {@link Login#NONE}: anonymous access
     */
    public record Options(String name, Path dataDir, Path runDir, List<String> extraConfig, Duration startTimeout,
                          Login login) {
        public Options {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(runDir, "runDir");
            extraConfig = List.copyOf(extraConfig);
            for (String line : extraConfig) {
                if (line.contains("\n")) {
                    throw new IllegalArgumentException("extraConfig line (" + line + ") must not contain a newline");
                }
            }
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout (" + startTimeout + ") must be > 0");
            }
        }

        /**
         * Pid files in {@code <dataDir>/../run}; per-client queue of up to 1,000,000 QoS 1/2 messages (Mosquitto's
         * default of 1000 drops messages to a slow subscriber in a burst, which would read as data loss).
         */
        public static Options defaults(String name, Path dataDir) {
            return new Options(name, dataDir, dataDir.toAbsolutePath().resolveSibling("run"),
                    List.of("max_queued_messages 1000000"), Duration.ofSeconds(30), Login.NONE);
        }

        public Options withRunDir(Path dir) {
            return new Options(name, dataDir, dir, extraConfig, startTimeout, login);
        }

        /** These options with {@code newLogin} as the one user (anonymous clients refused). */
        public Options withLogin(Login newLogin) {
            return new Options(name, dataDir, runDir, extraConfig, startTimeout, newLogin);
        }

        public Options withConfigLine(String line) {
            List<String> lines = new ArrayList<>(extraConfig);
            lines.add(line);
            return new Options(name, dataDir, runDir, lines, startTimeout, login);
        }
    }

    private final Options options;
    private final DebianPackages packages;
    private Path binary;
    private String libraryPath = "";
    private volatile int port;

    public MosquittoServer(Options options) {
        this(options, DebianPackages.userCache());
    }

    public MosquittoServer(Options options, DebianPackages packages) {
        super(options.name(), options.dataDir(), options.runDir());
        this.options = options;
        this.packages = packages;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The listener port (0 before the first start). */
    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>} (Paho's URI form). */
    public String url() {
        return "tcp://" + host() + ":" + port;
    }

    /** What clients must present in CONNECT ({@link Login#NONE}: nothing). */
    public Login login() {
        return options.login();
    }

    /** The {@code mosquitto} binary in use (after the first start). */
    public Path binary() {
        return binary;
    }

    @Override
    public Path logFile() {
        return dataDir().resolve("mosquitto.log");
    }

    private Path configFile() {
        return dataDir().resolve("mosquitto.conf");
    }

    private Path passwordFile() {
        return dataDir().resolve("passwd");
    }

    @Override
    protected void prepare() {
        try {
            Posix.createPrivateDirectories(dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(name() + ": cannot make " + dataDir() + " private", e);
        }
        var onPath = DebianPackages.onPath("mosquitto");
        if (onPath.isPresent()) {
            binary = onPath.get();
        } else {
            DebianPackages.Extracted pkg = packages.ensure("mosquitto");
            binary = pkg.file("usr/sbin/mosquitto");
            libraryPath = pkg.libraryPath();
        }
    }

    @Override
    protected RunningProcess launch() {
        if (port == 0) {
            port = FreePorts.next();
        }
        List<String> conf = new ArrayList<>();
        conf.add("listener " + port + " 127.0.0.1");
        if (options.login().isNone()) {
            conf.add("allow_anonymous true");
        } else {
            conf.add("allow_anonymous false");
            conf.add("password_file " + passwordFile());
        }
        conf.add("persistence false");
        conf.add("log_dest stdout");
        conf.add("log_type error");
        conf.add("log_type warning");
        conf.add("log_type notice");
        conf.add("log_type information");
        if (Posix.isRoot()) {
            // Started as root Mosquitto switches to user "mosquitto", which exists only when the package is installed.
            conf.add("user root");
        }
        conf.addAll(options.extraConfig());
        try {
            if (!options.login().isNone()) {
                Posix.writePrivateFile(passwordFile(), MosquittoPasswordFile.line(options.login()) + "\n");
            }
            Posix.writePrivateFile(configFile(), String.join("\n", conf) + "\n");
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-c", configFile().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            if (!libraryPath.isEmpty()) {
                String existing = System.getenv("LD_LIBRARY_PATH");
                builder.environment().put("LD_LIBRARY_PATH",
                        existing == null || existing.isBlank() ? libraryPath : libraryPath + ":" + existing);
            }
            return RunningProcess.of(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(name() + ": could not launch " + binary, e);
        }
    }

    @Override
    protected void awaitReady(RunningProcess process) {
        Readiness.await(name() + " answering MQTT CONNECT on port " + port, options.startTimeout(), () -> {
            MqttHandshake.connect(host(), port, "contmig-probe", options.login(), Duration.ofSeconds(2));
            return Boolean.TRUE;
        }, () -> deathOf(process));
    }

    @Override
    protected void onBindConflict() {
        port = FreePorts.next();
    }

    @Override
    protected Duration stopGrace() {
        return Duration.ofSeconds(10);
    }
}
