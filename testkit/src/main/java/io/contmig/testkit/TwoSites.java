package io.contmig.testkit;

import io.contmig.servers.InfluxServer;
import io.contmig.servers.KafkaServer;
import io.contmig.servers.ManagedServer;
import io.contmig.servers.PostgresServer;
import io.contmig.target.SiteEndpoints;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Two sites, {@code cloud} and {@code edge}, each with its own real servers of the kinds asked for (PostgreSQL,
 * Kafka, InfluxDB), started once per test class and stopped after it — the fixture every two-site integration
 * test shares. Register it as a static extension:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TwoSites SITES = TwoSites.of("pg-conformance", TwoSites.Server.POSTGRESQL);
 * ...
 * new SimpleTenantRouting(SITES.endpoints()).addTenant("acme", "cloud");
 * }</pre>
 *
 * <p>Data lives under {@code target/it-sites/<jvm pid>/<name>/<site>/<kind>} (wiped before the start, kept after
 * the run for inspection; the pid keeps concurrent builds apart). Servers of both sites start in parallel.
 * {@link #endpoints()} gives each site's own endpoints; a store whose server was not asked for points at the
 * discard port ({@code 127.0.0.1:9}), so that using it fails fast. PostgreSQL runs with fsync off (test data)
 * and superuser {@code contmig} with password {@link #POSTGRES_PASSWORD}.
 *
 * <p>Thread-safe after start. A server that fails to start fails the class's {@code beforeAll} with the server's
 * message and stops the servers already started.
 */
public final class TwoSites implements BeforeAllCallback, AfterAllCallback {

    /** The server kinds a site can have. */
    public enum Server { POSTGRESQL, KAFKA, INFLUXDB }

    /** The two sites, in this order. */
    public static final List<String> SITES = List.of("cloud", "edge");
    /** Distinctive, so tests can search records for leaked credentials. */
    public static final String POSTGRES_PASSWORD = "pw-Tk4-secret";
    private static final String DISCARD = "127.0.0.1:9";

    private final String name;
    private final Set<Server> kinds;
    private final Map<String, PostgresServer> postgres = new LinkedHashMap<>();
    private final Map<String, KafkaServer> kafka = new LinkedHashMap<>();
    private final Map<String, InfluxServer> influx = new LinkedHashMap<>();

    private TwoSites(String name, Set<Server> kinds) {
        this.name = name;
        this.kinds = kinds;
    }

    /** Both sites with a server of each of {@code kinds}; {@code name} names the directory and the pid files. */
    public static TwoSites of(String name, Server... kinds) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("name '" + name + "' must match [a-z0-9][a-z0-9-]{0,40}");
        }
        EnumSet<Server> set = EnumSet.noneOf(Server.class);
        set.addAll(List.of(kinds));
        if (set.isEmpty()) {
            throw new IllegalArgumentException("kinds must name at least one server kind");
        }
        return new TwoSites(name, set);
    }

    /** {@code target/it-sites/<jvm pid>/<name>}: this fixture's data. */
    public Path dir() {
        return Path.of("target", "it-sites", Long.toString(ProcessHandle.current().pid()), name).toAbsolutePath();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts every server (both sites in parallel); idempotent. Called by JUnit before the class's tests. */
    public synchronized void start() {
        if (!postgres.isEmpty() || !kafka.isEmpty() || !influx.isEmpty()) {
            return;
        }
        deleteTree(dir());
        for (String site : SITES) {
            Path base = dir().resolve(site);
            String prefix = name + "-" + site;
            if (kinds.contains(Server.POSTGRESQL)) {
                postgres.put(site, new PostgresServer(PostgresServer.Options.defaults(prefix + "-pg", base.resolve("postgres"))
                        .withCredentials("contmig", POSTGRES_PASSWORD).withDurability(false, true)));
            }
            if (kinds.contains(Server.KAFKA)) {
                kafka.put(site, new KafkaServer(KafkaServer.Options.defaults(prefix + "-kafka", base.resolve("kafka"))));
            }
            if (kinds.contains(Server.INFLUXDB)) {
                influx.put(site, new InfluxServer(InfluxServer.Options.defaults(prefix + "-influx", base.resolve("influx"))));
            }
        }
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (ManagedServer server : servers()) {
            starts.add(CompletableFuture.runAsync(server::start));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Stops every server; idempotent. Called by JUnit after the class's tests. */
    public synchronized void close() {
        for (ManagedServer server : servers()) {
            server.close();
        }
    }

    private List<ManagedServer> servers() {
        List<ManagedServer> all = new ArrayList<>();
        all.addAll(postgres.values());
        all.addAll(kafka.values());
        all.addAll(influx.values());
        return all;
    }

    /** The PostgreSQL server of {@code site}; fails when this fixture has none. */
    public PostgresServer postgres(String site) {
        return require(postgres, site, Server.POSTGRESQL);
    }

    /** The Kafka server of {@code site}; fails when this fixture has none. */
    public KafkaServer kafka(String site) {
        return require(kafka, site, Server.KAFKA);
    }

    /** The InfluxDB server of {@code site}; fails when this fixture has none. */
    public InfluxServer influx(String site) {
        return require(influx, site, Server.INFLUXDB);
    }

    private <S> S require(Map<String, S> servers, String site, Server kind) {
        S server = servers.get(site);
        if (server == null) {
            throw new IllegalStateException("two-site fixture '" + name + "' has no " + kind + " server at site '" + site
                    + "' (kinds: " + kinds + ", sites: " + SITES + ", started: " + !servers.isEmpty() + ")");
        }
        return server;
    }

    /** The endpoints of {@code site} as seen from the site itself. */
    public SiteEndpoints endpoints(String site) {
        PostgresServer pg = postgres.get(site);
        KafkaServer k = kafka.get(site);
        InfluxServer i = influx.get(site);
        return new SiteEndpoints(site,
                pg == null ? "jdbc:postgresql://" + DISCARD + "/postgres" : pg.jdbcUrl(),
                pg == null ? "contmig" : pg.user(), pg == null ? POSTGRES_PASSWORD : pg.password(),
                k == null ? DISCARD : k.bootstrapServers(),
                i == null ? "http://" + DISCARD : i.url(),
                "tcp://" + DISCARD);
    }

    /** Each site's own endpoints, keyed by site: what a two-site routing is built from. */
    public Map<String, SiteEndpoints> endpoints() {
        Map<String, SiteEndpoints> all = new LinkedHashMap<>();
        SITES.forEach(site -> all.put(site, endpoints(site)));
        return all;
    }

    /** Deletes {@code dir} and everything under it; a missing directory is fine. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
