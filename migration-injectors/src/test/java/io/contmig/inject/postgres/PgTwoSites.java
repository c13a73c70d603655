package io.contmig.inject.postgres;

import io.contmig.inject.SimpleTenantRouting;
import io.contmig.servers.DelayProxy;
import io.contmig.servers.PostgresServer;
import io.contmig.target.SiteEndpoints;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: two real PostgreSQL servers, {@code cloud} and {@code edge}, under {@code target/<dir>}, and a
 * routing over them. Tenant databases get a small device-management schema. Closed by the test class.
 */
final class PgTwoSites implements AutoCloseable {

    /** A password distinctive enough to be searched for in every record the tests produce. */
    static final String PASSWORD = "pw-Zq7-secret";

    final PostgresServer cloud;
    final PostgresServer edge;
    private DelayProxy cloudFromEdge;
    private DelayProxy edgeFromCloud;

    PgTwoSites(String dir, boolean durable) {
        Path base = Path.of("target", dir).toAbsolutePath();
        cloud = new PostgresServer(options("pg-" + dir + "-cloud", base.resolve("cloud"), durable));
        edge = new PostgresServer(options("pg-" + dir + "-edge", base.resolve("edge"), durable));
        try {
            cloud.start();
            edge.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static PostgresServer.Options options(String name, Path dir, boolean durable) {
        return PostgresServer.Options.defaults(name, dir).withCredentials("contmig", PASSWORD)
                .withDurability(durable, true);
    }

    PostgresServer server(String site) {
        return site.equals("cloud") ? cloud : edge;
    }

    static SiteEndpoints endpoints(String site, PostgresServer s) {
        return new SiteEndpoints(site, s.jdbcUrl(), s.user(), s.password(), "127.0.0.1:9", "http://127.0.0.1:9",
                "tcp://127.0.0.1:9");
    }

    /** Puts an emulated WAN (a delay proxy each way) between the sites: cross-site routes of later routings use it. */
    PgTwoSites withWan(Duration eachWay) {
        cloudFromEdge = DelayProxy.start(cloud.port(), eachWay);
        edgeFromCloud = DelayProxy.start(edge.port(), eachWay);
        return this;
    }

    /** A routing over both sites with every listed tenant on {@code cloud}. */
    SimpleTenantRouting routing(List<String> tenantsOnCloud) {
        SimpleTenantRouting routing = new SimpleTenantRouting(Map.of("cloud", endpoints("cloud", cloud),
                "edge", endpoints("edge", edge)));
        if (cloudFromEdge != null) {
            routing.viaWan("cloud", "edge", viaProxy("cloud", cloud, cloudFromEdge));
            routing.viaWan("edge", "cloud", viaProxy("edge", edge, edgeFromCloud));
        }
        tenantsOnCloud.forEach(t -> routing.addTenant(t, "cloud"));
        return routing;
    }

    private static SiteEndpoints viaProxy(String site, PostgresServer s, DelayProxy proxy) {
        return new SiteEndpoints(site, "jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/postgres", s.user(),
                s.password(), "127.0.0.1:9", "http://127.0.0.1:9", "tcp://127.0.0.1:9");
    }

    /** Bytes that crossed the WAN from cloud to edge so far (0 without WAN). */
    long wanBytesCloudToEdge() {
        return cloudFromEdge == null ? 0 : cloudFromEdge.bytes(DelayProxy.Direction.TARGET_TO_CLIENT);
    }

    /** Drops {@code tenant_<t>} on {@code site}, as its owner would (contmig never drops what it did not create). */
    void dropTenant(String site, String tenant) throws SQLException {
        try (Connection admin = server(site).connect(); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS tenant_" + tenant + " WITH (FORCE)");
        }
    }

    /** Creates {@code tenant_<t>} on {@code site} (dropping an old one) with {@code devices} and {@code measurements} rows. */
    void createTenant(String site, String tenant, int devices, int measurements) throws SQLException {
        createTenant(server(site), tenant, devices, measurements);
    }

    /** Creates {@code tenant_<t>} on {@code s} (dropping an old one) with {@code devices} and {@code measurements} rows. */
    static void createTenant(PostgresServer s, String tenant, int devices, int measurements) throws SQLException {
        String db = "tenant_" + tenant;
        try (Connection admin = s.connect(); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
        try (Connection c = s.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA devicemanagement");
            st.execute("""
                    CREATE TABLE devicemanagement.device (
                      id bigserial PRIMARY KEY, token text NOT NULL UNIQUE, comments text,
                      created_date timestamptz NOT NULL DEFAULT now(), metadata jsonb)""");
            st.execute("""
                    CREATE TABLE devicemanagement.measurement (
                      id bigserial PRIMARY KEY, device_id bigint NOT NULL REFERENCES devicemanagement.device(id),
                      name text NOT NULL, value double precision NOT NULL, event_date timestamptz NOT NULL, seq integer)""");
            st.execute("CREATE INDEX measurement_device ON devicemanagement.measurement (device_id, event_date)");
            st.execute("INSERT INTO devicemanagement.device (token, comments, metadata) SELECT 'dev-' || g, 'it''s #' || g,"
                    + " jsonb_build_object('n', g) FROM generate_series(1, " + devices + ") g");
            st.execute("INSERT INTO devicemanagement.measurement (device_id, name, value, event_date, seq)"
                    + " SELECT 1 + g % " + devices + ", 'temp', g * 0.25, timestamptz '2026-01-01' + g * interval '1 second', g"
                    + " FROM generate_series(1, " + measurements + ") g");
        }
    }

    @Override
    public void close() {
        if (cloudFromEdge != null) {
            cloudFromEdge.close();
            edgeFromCloud.close();
        }
        edge.close();
        cloud.close();
    }
}
