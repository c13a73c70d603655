package io.contmig.sandbox.devices;

import io.contmig.servers.InfluxServer;
import io.contmig.servers.PostgresServer;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.SiteEndpoints;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Real servers for the tests of this module's device-management and REST code: per named site, one PostgreSQL and
 * one InfluxDB (from the {@code servers} launchers), data under {@code target/it-sandbox-rest/<pid>/}. Started in
 * parallel; {@link #close()} (and the launchers' shutdown hooks) stop them.
 */
public final class TestSites implements AutoCloseable {

    private final Map<String, PostgresServer> postgres = new LinkedHashMap<>();
    private final Map<String, InfluxServer> influx = new LinkedHashMap<>();

    private TestSites() {
    }

    /** Starts PostgreSQL and InfluxDB for each of {@code sites}, named after {@code testName}. */
    public static TestSites start(String testName, String... sites) {
        TestSites started = new TestSites();
        Path base = Path.of("target", "it-sandbox", Long.toString(ProcessHandle.current().pid()), testName)
                .toAbsolutePath();
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (String site : sites) {
            PostgresServer pg = new PostgresServer(PostgresServer.Options.defaults(testName + "-pg-" + site,
                    base.resolve("pg-" + site)).withRunDir(base.resolve("run")).withDurability(false, false));
            InfluxServer ifx = new InfluxServer(InfluxServer.Options.defaults(testName + "-influx-" + site,
                    base.resolve("influx-" + site)).withRunDir(base.resolve("run")));
            started.postgres.put(site, pg);
            started.influx.put(site, ifx);
            starts.add(CompletableFuture.runAsync(pg::start));
            starts.add(CompletableFuture.runAsync(ifx::start));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The endpoints of {@code site} (the same from everywhere: the tests have no WAN). */
    public SiteEndpoints endpoints(String site) {
        PostgresServer pg = postgres.get(site);
        return new SiteEndpoints(site, pg.jdbcUrl(), pg.user(), pg.password(), "127.0.0.1:9", influx.get(site).url(),
                "tcp://127.0.0.1:9");
    }

    /** A new connection to {@code tenant}'s database on {@code site}; the caller closes it. */
    public Connection connect(String site, String tenant) throws SQLException {
        PostgresServer pg = postgres.get(site);
        return DriverManager.getConnection(pg.jdbcUrl(DeviceManagementSchema.databaseName(tenant)), pg.user(),
                pg.password());
    }

    /** Creates {@code tenant}'s PostgreSQL database with the schema, and its InfluxDB database, on {@code site}. */
    public void createTenant(String site, String tenant) throws Exception {
        try (Connection server = postgres.get(site).connect()) {
            DeviceManagementSchema.createDatabase(server, tenant);
        }
        try (Connection database = connect(site, tenant)) {
            DeviceManagementSchema.create(database);
        }
        influxQuery(site, "CREATE DATABASE \"" + DeviceManagementSchema.databaseName(tenant) + "\"");
    }

    /** Runs InfluxQL {@code q} on {@code site}'s InfluxDB and returns the JSON answer (times in epoch ms). */
    public String influxQuery(String site, String q) throws Exception {
        return new InfluxClient(influx.get(site).url(), Duration.ofSeconds(30)).query(null, q, "ms").toString();
    }

    @Override
    public void close() {
        postgres.values().forEach(PostgresServer::close);
        influx.values().forEach(InfluxServer::close);
    }
}
