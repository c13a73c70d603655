package io.contmig.runner.bench;

import io.contmig.plan.BenchPlan;
import io.contmig.plan.SiteWhereTarget;
import io.contmig.target.Login;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Fills in the credentials a {@code target: sitewhere} scenario leaves out, so that {@code sandbox.json} (which has
 * no PostgreSQL credentials) can be pasted as the endpoints and secrets need not live in a scenario.
 *
 * <p>Each missing value is looked up, first hit wins: the scenario; the environment, site-scoped then global
 * ({@code CONTMIG_<SITE>_POSTGRES_USER}, {@code CONTMIG_POSTGRES_USER}, {@code ..._POSTGRES_PASSWORD},
 * {@code CONTMIG_REST_USERNAME}, {@code CONTMIG_REST_PASSWORD}; the site name upper-cased, {@code -} and {@code .}
 * as {@code _}); then the credentials file, site-scoped then global ({@code <site>.postgresUser}, {@code postgresUser},
 * {@code <site>.postgresPassword}, {@code postgresPassword}, {@code rest.username}, {@code rest.password}). The file
 * is the one {@code CONTMIG_CREDENTIALS_FILE} names (it must then exist), else {@code ~/.contmig/credentials} when
 * present; it is a Java properties file and must be readable by its owner only (mode 0600 or stricter) — a file that
 * others can read is refused, as ssh refuses a key.
 *
 * <p>The InfluxDB and MQTT logins are optional (a server without authentication needs none) and looked up the same
 * way, user and password each: a site's InfluxDB from {@code CONTMIG_<SITE>_INFLUX_USER}/{@code _PASSWORD},
 * {@code CONTMIG_INFLUX_USER}/{@code _PASSWORD}, {@code <site>.influxUser}/{@code Password},
 * {@code influxUser}/{@code influxPassword}; a site's broker from {@code CONTMIG_<SITE>_MQTT_USER}/{@code _PASSWORD},
 * {@code CONTMIG_MQTT_USERNAME}/{@code _PASSWORD}, {@code <site>.mqttUser}/{@code Password},
 * {@code mqtt.username}/{@code password}; the devices' broker from {@code CONTMIG_MQTT_USERNAME}/{@code _PASSWORD},
 * {@code mqtt.username}/{@code mqtt.password} (the keys {@code sandbox-credentials.properties} has). A user found
 * without its password, or the reverse, is a problem.
 *
 * <p>Immutable; {@link #complete} reads the file on each call. Every problem (a value found nowhere, an unreadable
 * or too open file) is collected and thrown at once as a {@link CredentialsException}, before anything starts.
 */
public final class EndpointCredentials {

    /** The environment variable naming the credentials file. */
    public static final String FILE_ENV = "CONTMIG_CREDENTIALS_FILE";

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Map<String, String> environment;
    private final Path defaultFile;

    /**
     * @param environment the process environment (tests pass their own)
     * @param defaultFile the file read when {@link #FILE_ENV} is unset and the file exists
     */
    public EndpointCredentials(Map<String, String> environment, Path defaultFile) {
        this.environment = Map.copyOf(environment);
        this.defaultFile = defaultFile;
    }

    /** This process's environment and {@code ~/.contmig/credentials}. */
    public static EndpointCredentials fromEnvironment() {
        return new EndpointCredentials(System.getenv(),
                Path.of(System.getProperty("user.home"), ".contmig", "credentials"));
    }

    /** A missing credential or an unusable credentials file; the message lists every problem, one per line. */
    public static final class CredentialsException extends Exception {
        CredentialsException(List<String> problems) {
            super(String.join(System.lineSeparator(), problems));
        }
    }

    /**
     * The plan with every credential of its SiteWhere endpoints filled in; any other plan unchanged.
     *
     * @throws CredentialsException listing every credential found nowhere and any problem with the file
     */
    public BenchPlan complete(BenchPlan plan) throws CredentialsException {
        if (!(plan.target() instanceof SiteWhereTarget sw)) {
            return plan;
        }
        List<String> problems = new ArrayList<>();
        Properties file = file(problems);
        Lookup lookup = new Lookup(file, problems);
        Optional<String> username = lookup.value(sw.username(), "endpoints.rest.username",
                List.of("CONTMIG_REST_USERNAME"), List.of("rest.username"));
        Optional<String> password = lookup.value(sw.password(), "endpoints.rest.password",
                List.of("CONTMIG_REST_PASSWORD"), List.of("rest.password"));
        Map<String, SiteWhereTarget.SiteStores> sites = new LinkedHashMap<>();
        sw.siteStores().forEach((site, s) -> {
            String env = "CONTMIG_" + site.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_";
            Optional<String> user = lookup.value(s.postgresUser(), "endpoints.sites." + site + ".postgresUser",
                    List.of(env + "POSTGRES_USER", "CONTMIG_POSTGRES_USER"),
                    List.of(site + ".postgresUser", "postgresUser"));
            Optional<String> pass = lookup.value(s.postgresPassword(), "endpoints.sites." + site + ".postgresPassword",
                    List.of(env + "POSTGRES_PASSWORD", "CONTMIG_POSTGRES_PASSWORD"),
                    List.of(site + ".postgresPassword", "postgresPassword"));
            Login influx = lookup.login(s.influxLogin(), "endpoints.sites." + site + ".influx",
                    List.of(env + "INFLUX_", "CONTMIG_INFLUX_"), List.of(site + ".influx", "influx"), "User", "Password");
            Login mqtt = lookup.login(s.mqttLogin(), "endpoints.sites." + site + ".mqtt",
                    List.of(env + "MQTT_", "CONTMIG_MQTT_"), List.of(site + ".mqtt", "mqtt."), "User", "Password");
            sites.put(site, s.withCredentials(user, pass, influx, mqtt));
        });
        Login devicesMqtt = lookup.login(sw.mqttLogin(), "endpoints.mqtt", List.of("CONTMIG_MQTT_"),
                List.of("mqtt."), "User", "Password");
        if (!problems.isEmpty()) {
            throw new CredentialsException(problems);
        }
        SiteWhereTarget complete = sw.withCredentials(username, password, devicesMqtt, sites);
        return new BenchPlan(plan.name(), plan.seed(), plan.duration(), complete, plan.tenants(), plan.load(),
                plan.injections(), plan.windows(), plan.gates());
    }

    /** The credentials file's entries (empty when there is none); problems with it are added to {@code problems}. */
    private Properties file(List<String> problems) {
        Properties properties = new Properties();
        String named = environment.get(FILE_ENV);
        Path path = named != null && !named.isBlank() ? Path.of(named) : defaultFile;
        String label = named != null && !named.isBlank() ? FILE_ENV + " (" + path + ")" : path.toString();
        if (!Files.exists(path)) {
            if (named != null && !named.isBlank()) {
                problems.add(label + ": no such file");
            }
            return properties;
        }
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> perms = posix.readAttributes().permissions();
                if (perms.stream().anyMatch(OTHERS::contains)) {
                    problems.add(label + ": readable by others (" + PosixFilePermissions.toString(perms)
                            + "); make it owner-only: chmod 600 " + path);
                    return properties;
                }
            }
            try (Reader in = Files.newBufferedReader(path)) {
                properties.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            problems.add(label + ": cannot read: " + e.getMessage());
        }
        return properties;
    }

    /** One lookup per run: scenario, then environment variables, then file keys, in the order given. */
    private final class Lookup {
        private final Properties file;
        private final List<String> problems;

        Lookup(Properties file, List<String> problems) {
            this.file = file;
            this.problems = problems;
        }

        /**
         * An optional login: the scenario's, else user and password under each environment prefix
         * ({@code <prefix>USER}/{@code USERNAME}, {@code <prefix>PASSWORD}) then each file prefix ({@code <prefix>} +
         * {@code userSuffix}/{@code passwordSuffix}, or {@code username}/{@code password} after a dot); NONE when found
         * nowhere.
         */
        Login login(Login scenario, String path, List<String> envPrefixes, List<String> filePrefixes,
                    String userSuffix, String passwordSuffix) {
            if (!scenario.isNone()) {
                return scenario;
            }
            for (String prefix : envPrefixes) {
                Optional<String> user = first(environment.get(prefix + "USER"), environment.get(prefix + "USERNAME"));
                Optional<String> password = first(environment.get(prefix + "PASSWORD"), null);
                if (user.isPresent() || password.isPresent()) {
                    return pair(user, password, path, prefix + "USER", prefix + "PASSWORD");
                }
            }
            for (String prefix : filePrefixes) {
                boolean dotted = prefix.endsWith(".");
                String userKey = prefix + (dotted ? "username" : userSuffix);
                String passwordKey = prefix + (dotted ? "password" : passwordSuffix);
                Optional<String> user = first(file.getProperty(userKey), null).map(String::strip);
                Optional<String> password = first(file.getProperty(passwordKey), null).map(String::strip);
                if (user.isPresent() || password.isPresent()) {
                    return pair(user, password, path, userKey, passwordKey);
                }
            }
            return Login.NONE;
        }

        private Login pair(Optional<String> user, Optional<String> password, String path, String userName,
                           String passwordName) {
            if (user.isEmpty() || password.isEmpty()) {
                problems.add(path + ": " + (user.isEmpty() ? userName : passwordName) + " is missing while "
                        + (user.isEmpty() ? passwordName : userName) + " is set (give both or neither)");
                return Login.NONE;
            }
            try {
                return new Login(user.get(), password.get());
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + e.getMessage());
                return Login.NONE;
            }
        }

        private static Optional<String> first(String a, String b) {
            if (a != null && !a.isBlank()) {
                return Optional.of(a);
            }
            return b != null && !b.isBlank() ? Optional.of(b) : Optional.empty();
        }

        Optional<String> value(Optional<String> scenario, String path, List<String> envNames, List<String> keys) {
            if (scenario.isPresent()) {
                return scenario;
            }
            for (String name : envNames) {
                String v = environment.get(name);
                if (v != null && !v.isBlank()) {
                    return Optional.of(v);
                }
            }
            for (String key : keys) {
                String v = file.getProperty(key);
                if (v != null && !v.isBlank()) {
                    return Optional.of(v.strip());
                }
            }
            problems.add(path + ": not given (set it in the scenario, in " + String.join(" or ", envNames)
                    + ", or as " + String.join(" or ", keys) + " in the credentials file: " + FILE_ENV + " or "
                    + defaultFile + ")");
            return Optional.empty();
        }
    }
}
