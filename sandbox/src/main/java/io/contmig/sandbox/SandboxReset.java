package io.contmig.sandbox;

import io.contmig.plan.WanDelays;
import io.contmig.servers.DelayProxy;
import io.contmig.servers.SideEffectJournal;
import io.contmig.sitewhere.SiteWhereNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes from the sandbox's servers every object tenants and migrations created since the sandbox started: on each
 * site, PostgreSQL subscriptions (detached from their slots first), replication slots (their walsenders ended) and
 * tenant databases ({@code DROP DATABASE ... WITH (FORCE)}: open connections are ended, the REST API's pool reconnects);
 * Kafka consumer groups and tenant topics (awaited until the cluster no longer lists them, so that they can be
 * re-created at once); InfluxDB tenant databases. "Tenant objects" are those named for a tenant
 * ({@code tenant_*}, {@code sitewhere.sitewhere.tenant.*}) plus anything absent from the start inventory (MirrorMaker 2's
 * internal topics, say). Only called by {@link Sandbox#resetToStart}, with every tenant's pipeline stage stopped.
 * Also sets and checks the WAN links, checks tenant {@code default}'s emptiness and settles the side-effect journal.
 * Stateless; on failure throws an {@link IllegalStateException} naming the server (what was dropped stays dropped).
 */
final class SandboxReset {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SandboxReset.class);
    private static final String TENANT_DATABASE_PREFIX = "tenant_";
    private static final String TENANT_TOPIC_PREFIX = SiteWhereNames.INSTANCE + ".tenant.";
    /** A port in a journal entry's place ({@code host:port/db}, {@code host:port}). */
    private static final Pattern PORT = Pattern.compile(":(\\d+)");

    private SandboxReset() {
    }

    /** Drops every tenant object on every site of {@code sites}; {@code start} is what the sandbox held at start. */
    static void dropTenantObjects(Iterable<Site> sites, SandboxInventory start) throws InterruptedException {
        // Subscriptions first on every site, then slots: a subscription's slot lives on the other site.
        for (Site s : sites) {
            dropSubscriptions(s);
        }
        for (Site s : sites) {
            long begin = System.nanoTime();
            dropSlots(s);
            dropDatabases(s, start);
            long pg = System.nanoTime();
            dropKafkaObjects(s, start);
            long kafka = System.nanoTime();
            dropInfluxDatabases(s, start);
            LOG.info("reset of {}: postgres {} ms, kafka {} ms, influxdb {} ms", s.name(), (pg - begin) / 1_000_000,
                    (kafka - pg) / 1_000_000, (System.nanoTime() - kafka) / 1_000_000);
        }
    }

    private static boolean isTenantObject(String name, List<String> atStart, String tenantPrefix) {
        return name.startsWith(tenantPrefix) || !atStart.contains(name);
    }

    private static void dropSubscriptions(Site s) {
        try (Connection c = SandboxInventory.postgres(s); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT s.subname, d.datname FROM pg_subscription s"
                     + " JOIN pg_database d ON d.oid = s.subdbid")) {
            Map<String, String> subscriptions = new LinkedHashMap<>();
            while (r.next()) {
                subscriptions.put(r.getString(1), r.getString(2));
            }
            for (Map.Entry<String, String> e : subscriptions.entrySet()) {
                try (Connection db = SandboxInventory.postgres(s, e.getValue()); Statement x = db.createStatement()) {
                    String name = quote(e.getKey());
                    // Detached from its slot, a DROP SUBSCRIPTION does not reach out to the (possibly cut) other site.
                    x.execute("ALTER SUBSCRIPTION " + name + " DISABLE");
                    x.execute("ALTER SUBSCRIPTION " + name + " SET (slot_name = NONE)");
                    x.execute("DROP SUBSCRIPTION " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("postgres on " + s.name() + ": cannot drop subscriptions: " + e.getMessage(), e);
        }
    }

    private static void dropSlots(Site s) throws InterruptedException {
        try (Connection c = SandboxInventory.postgres(s); Statement st = c.createStatement()) {
            long deadline = System.nanoTime() + SandboxInventory.TIMEOUT.toNanos();
            List<String> slots = SandboxInventory.names(st, "SELECT slot_name FROM pg_replication_slots");
            while (!slots.isEmpty()) {
                st.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE active_pid IS NOT NULL");
                for (String slot : slots) {
                    try (PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                        drop.setString(1, slot);
                        drop.execute();
                    } catch (SQLException stillActive) {
                        // A terminated walsender releases its slot a moment later: asked again below.
                    }
                }
                slots = SandboxInventory.names(st, "SELECT slot_name FROM pg_replication_slots");
                if (!slots.isEmpty() && System.nanoTime() > deadline) {
                    throw new IllegalStateException("postgres on " + s.name() + ": replication slots " + slots
                            + " still held after " + SandboxInventory.TIMEOUT.toSeconds() + " s");
                }
                if (!slots.isEmpty()) {
                    Thread.sleep(100); // polls the slot's release; nothing can be awaited on the server side
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("postgres on " + s.name() + ": cannot drop slots: " + e.getMessage(), e);
        }
    }

    private static void dropDatabases(Site s, SandboxInventory start) {
        List<String> atStart = start.of(s.name(), SandboxInventory.PG_DATABASES);
        try (Connection c = SandboxInventory.postgres(s); Statement st = c.createStatement()) {
            for (String db : SandboxInventory.names(st, "SELECT datname FROM pg_database WHERE NOT datistemplate")) {
                if (!db.equals("postgres") && isTenantObject(db, atStart, TENANT_DATABASE_PREFIX)) {
                    st.execute("DROP DATABASE IF EXISTS " + quote(db) + " WITH (FORCE)");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("postgres on " + s.name() + ": cannot drop databases: " + e.getMessage(), e);
        }
    }

    private static void dropKafkaObjects(Site s, SandboxInventory start) throws InterruptedException {
        List<String> atStart = start.of(s.name(), SandboxInventory.KAFKA_TOPICS);
        long timeout = SandboxInventory.TIMEOUT.toSeconds();
        try (Admin admin = SandboxInventory.admin(s)) {
            List<String> groups = admin.listConsumerGroups().all().get(timeout, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).toList();
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(timeout, TimeUnit.SECONDS);
            }
            List<String> topics = new ArrayList<>();
            for (String t : admin.listTopics().names().get(timeout, TimeUnit.SECONDS)) {
                if (!t.startsWith("__") && isTenantObject(t, atStart, TENANT_TOPIC_PREFIX)) {
                    topics.add(t);
                }
            }
            if (topics.isEmpty()) {
                return;
            }
            admin.deleteTopics(topics).all().get(timeout, TimeUnit.SECONDS);
            // Deletion is asynchronous: a topic re-created while still listed would be refused as existing.
            long deadline = System.nanoTime() + SandboxInventory.TIMEOUT.toNanos();
            while (true) {
                Set<String> left = new java.util.TreeSet<>(admin.listTopics().names().get(timeout, TimeUnit.SECONDS));
                left.retainAll(topics);
                if (left.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("kafka on " + s.name() + ": topics " + left + " still listed after "
                            + timeout + " s");
                }
                Thread.sleep(100); // polls the cluster's metadata; Kafka offers no wait for a deletion
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("kafka on " + s.name() + ": cannot delete topics or groups: "
                    + e.getMessage(), e);
        }
    }

    private static void dropInfluxDatabases(Site s, SandboxInventory start) {
        List<String> atStart = start.of(s.name(), SandboxInventory.INFLUX_DATABASES);
        try {
            var influx = SandboxInventory.influx(s);
            for (var row : influx.rows(null, "SHOW DATABASES")) {
                String db = row.path(0).asText();
                if (!db.equals("_internal") && isTenantObject(db, atStart, TENANT_DATABASE_PREFIX)) {
                    influx.dropDatabase(db);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("influxdb on " + s.name() + ": cannot drop databases: " + e.getMessage(), e);
        }
    }

    /**
     * Whether tenant {@code default} is empty as at start: no device in PostgreSQL, no event in InfluxDB, no record in
     * its Kafka topics on {@code site}; one line per store that is not.
     */
    static List<String> defaultTenantProblems(Site site) {
        List<String> problems = new ArrayList<>();
        SiteWhereNames names = new SiteWhereNames("default");
        try (Connection c = SandboxInventory.postgres(site, names.database()); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*) FROM " + SiteWhereNames.DEVICE_MANAGEMENT_SCHEMA + ".device")) {
            r.next();
            if (r.getLong(1) != 0) {
                problems.add("tenant default: " + r.getLong(1) + " devices in postgres on " + site.name());
            }
        } catch (SQLException e) {
            problems.add("tenant default: postgres on " + site.name() + ": " + e.getMessage());
        }
        try {
            long events = SandboxInventory.influx(site).count(names.database(),
                    "SELECT count(*) FROM " + SiteWhereNames.MEASUREMENT);
            if (events != 0) {
                problems.add("tenant default: " + events + " events in influxdb on " + site.name());
            }
        } catch (IOException e) {
            problems.add("tenant default: influxdb on " + site.name() + ": " + e.getMessage());
        }
        try (Admin admin = SandboxInventory.admin(site)) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new LinkedHashMap<>();
            for (var d : admin.describeTopics(names.topics()).allTopicNames()
                    .get(SandboxInventory.TIMEOUT.toSeconds(), TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
            }
            long records = 0;
            for (var o : admin.listOffsets(latest).all().get(SandboxInventory.TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .values()) {
                records += o.offset();
            }
            if (records != 0) {
                problems.add("tenant default: " + records + " records in its kafka topics on " + site.name());
            }
        } catch (ExecutionException | TimeoutException e) {
            problems.add("tenant default: kafka on " + site.name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("tenant default: kafka on " + site.name() + ": interrupted");
        }
        return problems;
    }

    private static Duration planned(Sandbox.Link link, WanDelays wan) {
        return switch (link) {
            case DEVICES_EDGE -> wan.devicesToEdge();
            case DEVICES_CLOUD -> wan.devicesToCloud();
            case EDGE_CLOUD -> wan.edgeToCloud();
        };
    }

    private static long bytesPerSecond(WanDelays wan) {
        return Math.round(wan.bandwidthMbit() * 1_000_000 / 8);
    }

    /** Every proxy of every link at {@code wan}'s delay and bandwidth (0 = unlimited), both directions. */
    static void applyWan(Map<Sandbox.Link, List<DelayProxy>> links, WanDelays wan) {
        for (Map.Entry<Sandbox.Link, List<DelayProxy>> e : links.entrySet()) {
            for (DelayProxy p : e.getValue()) {
                p.setDelays(planned(e.getKey(), wan));
                p.setBandwidth(DelayProxy.Direction.CLIENT_TO_TARGET, bytesPerSecond(wan));
                p.setBandwidth(DelayProxy.Direction.TARGET_TO_CLIENT, bytesPerSecond(wan));
            }
        }
    }

    /** One line per proxy that does not relay with {@code wan}'s delay and bandwidth, or is partitioned or paused. */
    static List<String> wanProblems(Map<Sandbox.Link, List<DelayProxy>> links, WanDelays wan) {
        List<String> problems = new ArrayList<>();
        long bandwidth = bytesPerSecond(wan);
        for (Map.Entry<Sandbox.Link, List<DelayProxy>> e : links.entrySet()) {
            Duration expected = planned(e.getKey(), wan);
            for (DelayProxy p : e.getValue()) {
                for (DelayProxy.Direction d : DelayProxy.Direction.values()) {
                    if (!p.delay(d).equals(expected) || p.bandwidth(d) != bandwidth) {
                        problems.add("wan " + e.getKey() + " proxy :" + p.port() + " " + d + ": delay " + p.delay(d)
                                + ", bandwidth " + p.bandwidth(d) + " B/s (expected " + expected + ", " + bandwidth + ")");
                    }
                }
                if (p.isPartitioned() || p.isPaused()) {
                    problems.add("wan " + e.getKey() + " proxy :" + p.port() + ": partitioned or paused");
                }
            }
        }
        return problems;
    }

    /**
     * Marks removed this process's outstanding side-effect journal entries (not processes: those are their owners' to
     * stop) whose place names a port of {@code sites}' servers or of a WAN proxy: the reset has just dropped every such
     * object.
     */
    static void settleJournal(Iterable<Site> sites, Map<Sandbox.Link, List<DelayProxy>> links) {
        Set<Integer> ports = new HashSet<>();
        for (Site s : sites) {
            ports.add(s.postgres().port());
            ports.add(s.influx().httpPort());
            ports.add(s.influx().rpcPort());
            for (String hostPort : s.kafka().bootstrapServers().split(",")) {
                ports.add(Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
            }
        }
        links.values().forEach(list -> list.forEach(p -> ports.add(p.port())));
        long pid = ProcessHandle.current().pid();
        SideEffectJournal journal = SideEffectJournal.machine();
        for (SideEffectJournal.Entry e : journal.outstanding()) {
            if (e.ownerPid() != pid || e.kind().equals(SideEffectJournal.PROCESS)) {
                continue;
            }
            Matcher m = PORT.matcher(e.where());
            while (m.find()) {
                if (ports.contains(Integer.parseInt(m.group(1)))) {
                    journal.removed(e);
                    break;
                }
            }
        }
    }

    /** {@code "name"} with double quotes doubled: a PostgreSQL identifier. */
    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
