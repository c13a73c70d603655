package io.contmig.sandbox;

import io.contmig.plan.SandboxTarget;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.Store;
import io.contmig.testkit.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox with {@code kafka: stretched}: one cluster with a broker per site naming its site, a tenant's
 * partitions on its site's broker, cross-site brokers advertised through the WAN, and the pipeline carrying events
 * end to end before and after the tenant's partitions move to the other site's broker (the routing follows without
 * restarting the stage: one cluster serves both sites).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StretchedKafkaIT {

    private static final Path WORK = Path.of("target", "contmig-it", "stretched").toAbsolutePath();

    @Test
    void oneClusterABrokerPerSiteAndEventsFlowAcrossAMove() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxSettings.defaults(WORK).withWan(SandboxSettings.NO_DELAY)
                .withDurable(false).withRest(false).withKafkaHeap("384m").withKafka(SandboxTarget.KAFKA_STRETCHED));
             MqttProbe probe = new MqttProbe(sandbox.mqttUrl(), sandbox.mqttLogin(), "stretched-it")) {
            String cloud = sandbox.siteEndpoints("cloud").kafkaBootstrap();
            String edge = sandbox.siteEndpoints("edge").kafkaBootstrap();
            String tenant = "acme";
            sandbox.createTenant(tenant, "cloud");
            TestDevices.create(sandbox.siteEndpoints("cloud"), tenant, "dev-1", true);
            SiteWhereNames names = new SiteWhereNames(tenant);
            try (Admin fromCloud = admin(cloud); Admin fromEdge = admin(edge)) {
                Map<Integer, Node> seenFromCloud = nodes(fromCloud);
                assertThat(seenFromCloud.values()).extracting(Node::rack).containsExactlyInAnyOrder("cloud", "edge");
                Node edgeBroker = seenFromCloud.values().stream().filter(n -> "edge".equals(n.rack())).findFirst()
                        .orElseThrow();
                assertThat(edgeBroker.host() + ":" + edgeBroker.port()).as("the edge broker, seen from the cloud, "
                        + "is behind a WAN proxy").isNotEqualTo(nodes(fromEdge).get(edgeBroker.id()).host() + ":"
                        + nodes(fromEdge).get(edgeBroker.id()).port());
                int cloudId = seenFromCloud.values().stream().filter(n -> "cloud".equals(n.rack())).findFirst()
                        .orElseThrow().id();
                assertThat(leaders(fromCloud, names)).as("the tenant's partitions start at its site's broker")
                        .containsOnly(cloudId);

                publishAndAwaitStored(sandbox, probe, tenant, 1);

                Map<TopicPartition, Optional<NewPartitionReassignment>> move = new HashMap<>();
                fromCloud.describeTopics(names.topics()).allTopicNames().get(30, TimeUnit.SECONDS).values()
                        .forEach(td -> td.partitions().forEach(p -> move.put(new TopicPartition(td.name(),
                                p.partition()), Optional.of(new NewPartitionReassignment(List.of(edgeBroker.id()))))));
                fromCloud.alterPartitionReassignments(move).all().get(30, TimeUnit.SECONDS);
                Await.until("the reassignment to the edge broker", Duration.ofSeconds(60),
                        () -> fromCloud.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS).isEmpty()
                                && leaders(fromCloud, names).equals(List.of(edgeBroker.id())));
                String stageBefore = sandbox.pipeline().tenant(tenant).stageSite();
                sandbox.routing().switchSite(tenant, Store.KAFKA, "edge");
                assertThat(sandbox.pipeline().tenant(tenant).stageSite()).isEqualTo(stageBefore);

                publishAndAwaitStored(sandbox, probe, tenant, 2);
            }
        }
    }

    private static void publishAndAwaitStored(Sandbox sandbox, MqttProbe probe, String tenant, long seq)
            throws Exception {
        probe.publish("SiteWhere/" + tenant + "/input/json", MqttProbe.measurement("dev-1", seq,
                1_720_000_000_000L + seq)).waitForCompletion(10_000);
        InfluxClient influx = new InfluxClient(sandbox.siteEndpoints("cloud").influxUrl(), Duration.ofSeconds(30),
                sandbox.siteEndpoints("cloud").influxLogin());
        Await.until("event " + seq + " stored", Duration.ofSeconds(60), () -> influx.count("tenant_" + tenant,
                "SELECT count(\"eid\") FROM events WHERE \"meta:seq\" = '" + seq + "'") == 1);
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static Map<Integer, Node> nodes(Admin admin) throws Exception {
        Map<Integer, Node> byId = new HashMap<>();
        admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).forEach(n -> byId.put(n.id(), n));
        return byId;
    }

    private static List<Integer> leaders(Admin admin, SiteWhereNames names) throws Exception {
        return admin.describeTopics(names.topics()).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(td -> td.partitions().stream()).map(p -> p.leader().id()).distinct().toList();
    }
}
