package io.contmig.inject.kafka;

import io.contmig.inject.SimpleTenantRouting;
import io.contmig.target.SiteEndpoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** A tenant's tiny Kafka data for the conformance suites: its two topics on one broker, a few messages, a digest. */
final class KafkaTenantData {

    private KafkaTenantData() {
    }

    /** Creates the tenant's decoded-events (2 partitions) and inbound-events (1) topics, every replica on {@code broker}. */
    private static void createTopics(Admin admin, String tenant, int broker) throws Exception {
        TenantTopics t = new TenantTopics(tenant, 10_000);
        admin.createTopics(List.of(new NewTopic(t.decodedEvents(), Map.of(0, List.of(broker), 1, List.of(broker))),
                new NewTopic(t.prefix() + "inbound-events", Map.of(0, List.of(broker))))).all().get(30, TimeUnit.SECONDS);
    }

    /**
     * Creates the tenant's topics on {@code broker} of {@code bootstrap}, returns a routing over {@code endpoints}
     * with the tenant and {@code neighbour} on {@code cloud}, and, {@code withData}, writes 20 messages through it.
     */
    static SimpleTenantRouting create(Map<String, SiteEndpoints> endpoints, String bootstrap, int broker, String tenant,
                                      String neighbour, boolean withData) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            createTopics(admin, tenant, broker);
        }
        SimpleTenantRouting routing = new SimpleTenantRouting(endpoints).addTenant(tenant, "cloud")
                .addTenant(neighbour, "cloud");
        if (withData) {
            seed(routing, tenant);
        }
        return routing;
    }

    /** Writes 20 messages of 2 devices through the routing (to the site now serving the tenant). */
    private static void seed(SimpleTenantRouting routing, String tenant) throws Exception {
        KafkaLoadWriter writer = new KafkaLoadWriter(routing, tenant, 2, 0);
        try {
            writer.preload(20);
        } finally {
            writer.close();
        }
    }

    /** Message counts per topic and (device, seq) counts of the tenant's topics on {@code bootstrap}. */
    static String state(String bootstrap, String tenant) throws Exception {
        KafkaTopicsVerifier.Side side = new KafkaTopicsVerifier(new TenantTopics(tenant, 10_000)).read(bootstrap);
        return side.counts + " " + new TreeMap<>(side.pairs) + " unreadable " + side.unreadable;
    }
}
