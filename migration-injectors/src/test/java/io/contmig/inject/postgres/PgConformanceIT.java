package io.contmig.inject.postgres;

import io.contmig.inject.InjectorConformance;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.servers.PostgresServer;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.testkit.TwoSites;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The injector conformance properties for both PostgreSQL strategies, on two real PostgreSQL servers. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PgConformanceIT extends InjectorConformance {

    @RegisterExtension
    static final TwoSites SITES = TwoSites.of("pg-conformance", TwoSites.Server.POSTGRESQL);

    @Override
    protected List<Subject> subjects() {
        return List.of(new PgSubject("postgresql/stop-and-copy", "pgsc", Map.of("maxWriteBlock", "10s")),
                new PgSubject("postgresql/logical-replication", "pglr", Map.of("maxWriteBlock", "5s", "timeout", "60s")));
    }

    private static final class PgSubject extends Subject {

        PgSubject(String alias, String tenantPrefix, Map<String, ?> options) {
            super(alias, tenantPrefix, Store.POSTGRESQL, options);
        }

        @Override
        protected TenantRouting createTenant(String tenant, boolean withData) throws Exception {
            PgTwoSites.createTenant(SITES.postgres("cloud"), tenant, withData ? 5 : 0, withData ? 20 : 0);
            return new SimpleTenantRouting(SITES.endpoints()).addTenant(tenant, "cloud").addTenant(NEIGHBOUR, "cloud");
        }

        @Override
        protected String sourceState(String tenant) throws Exception {
            List<String> state = new ArrayList<>();
            for (String table : List.of("device", "measurement")) {
                state.add(table + ": " + query(SITES.postgres("cloud"), "tenant_" + tenant, "SELECT count(*) || ' rows, '"
                        + " || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '-') FROM devicemanagement." + table + " t"));
            }
            return String.join("; ", state);
        }

        @Override
        protected String artifacts(String tenant) throws Exception {
            String db = "tenant_" + tenant;
            return "source slots+publications: " + query(SITES.postgres("cloud"), db,
                    "SELECT (SELECT string_agg(slot_name, ',') FROM pg_replication_slots WHERE database = current_database())"
                            + " || '/' || (SELECT string_agg(pubname, ',') FROM pg_publication)")
                    + "; target databases+subscriptions: " + query(SITES.postgres("edge"), "postgres",
                    "SELECT coalesce((SELECT string_agg(datname, ',') FROM pg_database WHERE datname = '" + db + "'), '-')"
                            + " || '/' || coalesce((SELECT string_agg(subname, ',') FROM pg_subscription), '-')");
        }

        private static String query(PostgresServer server, String database, String sql) throws SQLException {
            try (Connection c = server.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return String.valueOf(rs.getString(1));
            }
        }
    }
}
