package io.contmig.inject.influx;

import io.contmig.inject.InjectorConformance;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.testkit.TwoSites;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The injector conformance properties for both InfluxDB strategies, on two real {@code influxd} 1.x servers. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InfluxConformanceIT extends InjectorConformance {

    @RegisterExtension
    static final TwoSites SITES = TwoSites.of("influx-conformance", TwoSites.Server.INFLUXDB);

    @Override
    protected List<Subject> subjects() {
        return List.of(new InfluxSubject("influxdb/copy-catchup", "ifcc", Map.of("chunk", "10m")),
                new InfluxSubject("influxdb/backup-restore", "ifbr", Map.of("maxWriteBlock", "30s")));
    }

    private static InfluxClient api(String site) {
        return new InfluxClient(SITES.influx(site).url(), Duration.ofSeconds(10));
    }

    private static final class InfluxSubject extends Subject {

        InfluxSubject(String alias, String tenantPrefix, Map<String, ?> options) {
            super(alias, tenantPrefix, Store.INFLUXDB, options);
        }

        @Override
        protected TenantRouting createTenant(String tenant, boolean withData) throws Exception {
            SimpleTenantRouting routing = new SimpleTenantRouting(SITES.endpoints()).addTenant(tenant, "cloud")
                    .addTenant(NEIGHBOUR, "cloud");
            String db = InfluxLoadWriter.database(tenant);
            api("cloud").dropDatabase(db);
            api("cloud").createDatabase(db);
            if (withData) {
                new InfluxLoadWriter(routing, Map.of("cloud", api("cloud"), "edge", api("edge")), tenant, 2, 0)
                        .seed("cloud", 20, Duration.ofMinutes(30));
            }
            return routing;
        }

        @Override
        protected String sourceState(String tenant) throws Exception {
            return api("cloud").query(InfluxLoadWriter.database(tenant), "SELECT * FROM \"events\"").toString();
        }

        @Override
        protected String artifacts(String tenant) throws Exception {
            String db = InfluxLoadWriter.database(tenant);
            return "target database: " + api("edge").databaseExists(db)
                    + "; source subscriptions: " + api("cloud").query(db, "SHOW SUBSCRIPTIONS");
        }
    }
}
