package io.contmig.inject.kafka;

import io.contmig.inject.InjectorConformance;
import io.contmig.servers.KafkaCluster;
import io.contmig.servers.KafkaServer;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.testkit.TwoSites;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The injector conformance properties for {@code kafka/partition-reassignment}, on a real two-broker cluster whose
 * brokers stand for the sites (both sites' endpoints name the same cluster): the tenant's partitions start on
 * broker 1; the move is committed once every replica is on broker 2.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KafkaReassignmentConformanceIT extends InjectorConformance {

    private static final Path DIR = Path.of("target", "it-sites", Long.toString(ProcessHandle.current().pid()),
            "kafka-reassign-conformance").toAbsolutePath();
    private static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        TwoSites.deleteTree(DIR);
        cluster = new KafkaCluster(KafkaServer.Options.defaults("kafka-reassign-conformance", DIR.resolve("cluster")), 2);
        cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, SiteEndpoints> endpoints() {
        return Map.of("cloud", endpoints("cloud"), "edge", endpoints("edge"));
    }

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:9/postgres", "-", "-", cluster.bootstrapServers(),
                "http://127.0.0.1:9", "tcp://127.0.0.1:9");
    }

    /** Replicas of each of the tenant's partitions, by partition. */
    private static Map<String, List<Integer>> replicas(Admin admin, String tenant) throws Exception {
        TenantTopics topics = new TenantTopics(tenant, 10_000);
        Map<String, List<Integer>> result = new TreeMap<>();
        admin.describeTopics(topics.list(admin)).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(d ->
                d.partitions().forEach(p -> result.put(d.name() + "-" + p.partition(),
                        p.replicas().stream().map(Node::id).toList())));
        return result;
    }

    @Override
    protected List<Subject> subjects() {
        // A throttle generous enough not to slow tiny data, so that the throttle phase is exercised too.
        return List.of(new Subject("kafka/partition-reassignment", "pr", Store.KAFKA,
                Map.of("throttleBytesPerSecond", "50000000", "timeout", "60s")) {
            @Override
            protected TenantRouting createTenant(String tenant, boolean withData) throws Exception {
                return KafkaTenantData.create(endpoints(), cluster.bootstrapServers(), 1, tenant, NEIGHBOUR, withData);
            }

            @Override
            protected String sourceState(String tenant) throws Exception {
                return KafkaTenantData.state(cluster.bootstrapServers(), tenant);
            }

            @Override
            protected String artifacts(String tenant) throws Exception {
                try (Admin admin = cluster.admin()) {
                    List<ConfigResource> resources = new java.util.ArrayList<>();
                    cluster.nodes().forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.BROKER,
                            Integer.toString(n.nodeId()))));
                    new TenantTopics(tenant, 10_000).list(admin).forEach(t ->
                            resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
                    Map<String, String> throttles = new TreeMap<>();
                    admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).forEach((r, config) ->
                            config.entries().stream().filter(e -> e.name().contains("throttled"))
                                    .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG
                                            || e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                                    .forEach(e -> throttles.put(r.name() + "." + e.name(), e.value())));
                    return "replicas " + replicas(admin, tenant) + "; throttles " + throttles;
                }
            }

            @Override
            protected boolean committed(String tenant, TenantRouting routing) throws Exception {
                try (Admin admin = cluster.admin()) {
                    return replicas(admin, tenant).values().stream().flatMap(List::stream)
                            .collect(Collectors.toSet()).equals(java.util.Set.of(2));
                }
            }
        });
    }
}
