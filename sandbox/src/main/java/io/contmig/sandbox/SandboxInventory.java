package io.contmig.sandbox;

import io.contmig.servers.influx.InfluxClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the sandbox's servers hold, per site, as each server answers it: PostgreSQL databases (templates left out),
 * logical replication slots and subscriptions; Kafka topics (internal {@code __*} topics left out) and consumer groups;
 * InfluxDB databases ({@code _internal} left out). Every list sorted. Taken by {@link #take}, compared by
 * {@link Sandbox#verifyStart} with the inventory taken right after the sandbox started. Immutable.
 *
 * @param byServer "site/kind" (e.g. {@code cloud/postgres.databases}) → the names there
 */
record SandboxInventory(Map<String, List<String>> byServer) {

    /** How long one question to one server may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final String PG_DATABASES = "postgres.databases";
    static final String PG_SLOTS = "postgres.slots";
    static final String PG_SUBSCRIPTIONS = "postgres.subscriptions";
    static final String KAFKA_TOPICS = "kafka.topics";
    static final String KAFKA_GROUPS = "kafka.groups";
    static final String INFLUX_DATABASES = "influx.databases";

    SandboxInventory {
        byServer = Map.copyOf(byServer);
    }

    /** The names of {@code kind} on {@code site}; empty when none. */
    List<String> of(String site, String kind) {
        return byServer.getOrDefault(site + "/" + kind, List.of());
    }

    /**
     * Asks every server of {@code sites} what it holds.
     *
     * @throws IllegalStateException naming the server that did not answer
     */
    static SandboxInventory take(Iterable<Site> sites) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Site s : sites) {
            try (Connection c = postgres(s); Statement st = c.createStatement()) {
                out.put(s.name() + "/" + PG_DATABASES, names(st, "SELECT datname FROM pg_database WHERE NOT datistemplate"));
                out.put(s.name() + "/" + PG_SLOTS, names(st, "SELECT slot_name FROM pg_replication_slots"));
                out.put(s.name() + "/" + PG_SUBSCRIPTIONS, names(st, "SELECT subname FROM pg_subscription"));
            } catch (SQLException e) {
                throw new IllegalStateException("postgres on " + s.name() + ": " + e.getMessage(), e);
            }
            try (Admin admin = admin(s)) {
                out.put(s.name() + "/" + KAFKA_TOPICS, sorted(admin.listTopics().names()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream().filter(t -> !t.startsWith("__")).toList()));
                out.put(s.name() + "/" + KAFKA_GROUPS, sorted(admin.listConsumerGroups().all()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream().map(ConsumerGroupListing::groupId).toList()));
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("kafka on " + s.name() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("kafka on " + s.name() + ": interrupted", e);
            }
            try {
                List<String> dbs = new ArrayList<>();
                for (var row : influx(s).rows(null, "SHOW DATABASES")) {
                    if (!row.path(0).asText().equals("_internal")) {
                        dbs.add(row.path(0).asText());
                    }
                }
                out.put(s.name() + "/" + INFLUX_DATABASES, sorted(dbs));
            } catch (IOException e) {
                throw new IllegalStateException("influxdb on " + s.name() + ": " + e.getMessage(), e);
            }
        }
        return new SandboxInventory(out);
    }

    /**
     * What differs from {@code expected}, one line per server and kind ({@code cloud/kafka.topics: left over [..];
     * missing [..]}); empty when equal. Kinds in {@code ignoring} are skipped.
     */
    List<String> differences(SandboxInventory expected, List<String> ignoring) {
        List<String> problems = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.byServer.keySet());
        keys.addAll(byServer.keySet());
        for (String key : keys) {
            if (ignoring.stream().anyMatch(key::endsWith)) {
                continue;
            }
            TreeSet<String> extra = new TreeSet<>(byServer.getOrDefault(key, List.of()));
            extra.removeAll(expected.byServer.getOrDefault(key, List.of()));
            TreeSet<String> missing = new TreeSet<>(expected.byServer.getOrDefault(key, List.of()));
            missing.removeAll(byServer.getOrDefault(key, List.of()));
            if (!extra.isEmpty() || !missing.isEmpty()) {
                problems.add(key + ":" + (extra.isEmpty() ? "" : " left over " + extra)
                        + (missing.isEmpty() ? "" : " missing " + missing));
            }
        }
        return problems;
    }

    static Connection postgres(Site s) throws SQLException {
        return DriverManager.getConnection(s.postgres().jdbcUrl(), s.postgres().user(), s.postgres().password());
    }

    static Connection postgres(Site s, String database) throws SQLException {
        return DriverManager.getConnection(s.postgres().jdbcUrl(database), s.postgres().user(), s.postgres().password());
    }

    static Admin admin(Site s) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return Admin.create(props);
    }

    static InfluxClient influx(Site s) {
        return new InfluxClient(s.influx().url(), TIMEOUT);
    }

    static List<String> names(Statement st, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet r = st.executeQuery(sql)) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return sorted(names);
    }

    private static List<String> sorted(java.util.Collection<String> names) {
        return List.copyOf(new TreeSet<>(names));
    }
}
