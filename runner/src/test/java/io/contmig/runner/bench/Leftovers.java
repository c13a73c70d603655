package io.contmig.runner.bench;

import io.contmig.sandbox.Sandbox;
import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a migration may leave behind in the sandbox, looked up on the real servers after a run: replication slots,
 * publications and subscriptions of a tenant's database, a MirrorMaker 2 process, MM2's internal topics, a tenant's
 * topics or databases on a site that does not serve it after an aborted move, a write block or dual write still
 * held. (Throttles and Kubernetes patches belong to strategies the sandbox cannot run.) Stateless.
 */
final class Leftovers {

    private Leftovers() {
    }

    /** Leftovers anywhere: MM2 processes and MM2 internal topics on either site. */
    static List<String> global(Sandbox sandbox) throws Exception {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> String.join(" ", a)
                        .contains("org.apache.kafka.connect.mirror.MirrorMaker")).orElse(false))
                .forEach(p -> found.add("MirrorMaker 2 process " + p.pid()));
        for (String site : Sandbox.SITES) {
            for (String topic : topics(sandbox.siteEndpoints(site))) {
                if (topic.startsWith("mm2-") || topic.endsWith(".internal") || topic.equals("heartbeats")
                        || topic.contains("checkpoints")) {
                    found.add("MM2 topic " + topic + " on " + site);
                }
            }
        }
        return found;
    }

    /**
     * Leftovers of one tenant's move of {@code store} from {@code from} to {@code to}: replication objects of its
     * database on both sites, a write block or dual write, and when the move aborted ({@code finished} false) its
     * database or topics created on {@code to}.
     */
    static List<String> ofTenant(Sandbox sandbox, String tenant, Store store, String from, String to,
                                 boolean finished) throws Exception {
        List<String> found = new ArrayList<>();
        SiteWhereNames names = new SiteWhereNames(tenant);
        for (String site : Sandbox.SITES) {
            found.addAll(replication(sandbox.siteEndpoints(site), names.database(), site));
        }
        SandboxRouting routing = sandbox.routing();
        if (routing.gate(tenant, store).isBlocked()) {
            found.add("write block of " + tenant + "/" + store.label());
        }
        routing.dualWriteSite(tenant, store).ifPresent(s -> found.add("dual write of " + tenant + "/"
                + store.label() + " to " + s));
        if (!finished) {
            SiteEndpoints target = sandbox.siteEndpoints(to);
            if (store.equals(Store.POSTGRESQL) && databaseExists(target, names.database())) {
                found.add("database " + names.database() + " on " + to + " after the aborted move");
            }
            if (store.equals(Store.INFLUXDB)
                    && InfluxClient.of(target, Duration.ofSeconds(10)).databaseExists(names.database())) {
                found.add("InfluxDB database " + names.database() + " on " + to + " after the aborted move");
            }
            if (store.equals(Store.KAFKA)) {
                Set<String> mirrored = Set.copyOf(names.topics());
                topics(target).stream().filter(mirrored::contains)
                        .forEach(t -> found.add("mirrored topic " + t + " on " + to + " after the aborted move"));
            }
        }
        return found;
    }

    private static List<String> replication(SiteEndpoints site, String database, String siteName) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(site.postgresJdbcUrl(), site.postgresUser(),
                site.postgresPassword()); Statement s = c.createStatement()) {
            query(s, "select slot_name from pg_replication_slots where database = '" + database + "'",
                    r -> found.add("replication slot " + r + " on " + siteName));
            query(s, "select subname from pg_subscription s join pg_database d on d.oid = s.subdbid"
                    + " where d.datname = '" + database + "'", r -> found.add("subscription " + r + " on " + siteName));
        }
        if (databaseExists(site, database)) {
            String url = site.postgresJdbcUrl().replaceFirst("/postgres$", "/" + database);
            try (Connection c = DriverManager.getConnection(url, site.postgresUser(), site.postgresPassword());
                 Statement s = c.createStatement()) {
                query(s, "select pubname from pg_publication", r -> found.add("publication " + r + " on " + siteName));
            }
        }
        return found;
    }

    private static boolean databaseExists(SiteEndpoints site, String database) throws Exception {
        try (Connection c = DriverManager.getConnection(site.postgresJdbcUrl(), site.postgresUser(),
                site.postgresPassword()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
            return r.next();
        }
    }

    private static void query(Statement s, String sql, java.util.function.Consumer<String> row) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                row.accept(r.getString(1));
            }
        }
    }

    private static Set<String> topics(SiteEndpoints site) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, site.kafkaBootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
