package io.contmig.sandbox.pipeline;

import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.Login;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's pipeline stage running at one site: its Kafka producer and three consumer loops (inbound
 * processing, persistence, outbound connector) on the cluster serving the tenant's Kafka topics, its outbound MQTT
 * clients and its event source. Every client reaches its server as seen from this site (through the WAN proxies
 * when the server is on the other site). Started and stopped by {@link TenantPipeline} under its lock.
 */
final class TenantStage {

    private static final Logger LOG = LoggerFactory.getLogger(TenantStage.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final TenantPipeline tenant;
    private final String site;
    private final List<ConsumerLoop> loops = new ArrayList<>();
    private final List<MqttAsyncClient> outboundBrokers = new ArrayList<>();
    private EventSource source;

    TenantStage(TenantPipeline tenant, String site) {
        this.tenant = tenant;
        this.site = site;
    }

    TenantPipeline tenant() {
        return tenant;
    }

    SiteWhereNames names() {
        return tenant.names();
    }

    String site() {
        return site;
    }

    /** The tenant's producer (owned by {@link TenantPipeline}, which moves it to this stage's cluster first). */
    GatedProducer producer() {
        return tenant.producer();
    }

    List<ConsumerLoop> loops() {
        return List.copyOf(loops);
    }

    String threadName(String role) {
        return "pipeline-" + tenant.name() + "@" + site + "-" + role;
    }

    /** Starts every client; on failure stops what was started and rethrows. */
    void start() throws MqttException {
        try {
            String bootstrap = kafkaBootstrap();
            tenant.producer().moveTo(bootstrap);
            SiteEndpoints own = tenant.routing().endpoints(site, site);
            Map<String, Login> brokers = new LinkedHashMap<>();
            brokers.put(tenant.routing().gatewayMqttUrl(site), tenant.routing().gatewayMqttLogin());
            brokers.put(own.mqttUrl(), own.mqttLogin());
            for (Map.Entry<String, Login> broker : brokers.entrySet()) {
                MqttAsyncClient client = MqttClients.client(broker.getKey(), threadName("outbound") + "-"
                        + outboundBrokers.size() + "-" + System.nanoTime());
                outboundBrokers.add(client);
                client.connect(MqttClients.options(true, true, broker.getValue())).waitForCompletion(15_000);
            }
            startLoops(bootstrap);
            source = new EventSource(this, tenant.routing().gatewayMqttUrl(site));
            source.start();
            LOG.info("tenant {}: pipeline stage started at {} (kafka at {})", tenant.name(), site,
                    tenant.routing().siteOf(tenant.name(), Store.KAFKA));
        } catch (MqttException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * Follows a switch of the tenant's Kafka to another cluster without touching MQTT: the producer moves first
     * (writes held by the switch's block go to the new cluster once it opens), then new consumer loops start on the
     * new cluster, where they join their groups; the old loops, paused with their batches committed, are asked to
     * stop and leave their groups on a thread of their own. The event source and the outbound MQTT clients stay connected: a Kafka move is not an MQTT
     * move, and reconnecting them would add the emulator's own cost to the strategy's write block.
     */
    void moveKafka(String bootstrap) {
        long t0 = System.nanoTime();
        tenant.producer().moveTo(bootstrap);
        // The new consumers are built before the old loops stop: building one costs more than stopping a paused loop.
        List<ConsumerLoop> next = newLoops(bootstrap);
        // The old loops are paused with every processed batch committed; once asked to stop they process nothing
        // more, so they may leave their groups on the old cluster while the new loops join theirs.
        List<ConsumerLoop> old = List.copyOf(loops);
        old.forEach(ConsumerLoop::requestStop);
        loops.clear();
        loops.addAll(next);
        next.forEach(ConsumerLoop::start);
        Thread closer = new Thread(() -> old.forEach(loop -> {
            try {
                loop.stop(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "pipeline-" + tenant.name() + "-old-kafka-loops");
        closer.setDaemon(true);
        closer.start();
        LOG.info("tenant {}: Kafka clients of the stage at {} moved to {} in {} ms", tenant.name(), site, bootstrap,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private String kafkaBootstrap() {
        String kafkaSite = tenant.routing().siteOf(tenant.name(), Store.KAFKA);
        return tenant.routing().endpoints(kafkaSite, site).kafkaBootstrap();
    }

    private void startLoops(String bootstrap) {
        loops.addAll(newLoops(bootstrap));
        loops.forEach(ConsumerLoop::start);
    }

    /** The stage's three consumer loops on {@code bootstrap}, not started. */
    private List<ConsumerLoop> newLoops(String bootstrap) {
        SiteWhereNames topics = names();
        return List.of(
                new InboundProcessing(this, KafkaClients.consumer(bootstrap, topics.inboundProcessingGroup(),
                        threadName("inbound"))),
                new EventPersisting(this, KafkaClients.consumer(bootstrap, topics.persistenceGroup(),
                        threadName("persistence"))),
                new OutboundConnector(this, KafkaClients.consumer(bootstrap, topics.outboundConnectorGroup(),
                        threadName("outbound")), outboundBrokers));
    }

    /** Stops every loop at once (each finishes and commits its batch in hand), then waits for each. */
    private void stopLoops() {
        loops.forEach(ConsumerLoop::requestStop);
        for (ConsumerLoop loop : loops) {
            try {
                loop.stop(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loops.clear();
    }

    /**
     * Stops the event source first (its broker session keeps new messages), then the loops, then the MQTT clients.
     * The tenant's producer stays open: the REST API may be writing through it (the next stage swaps it).
     */
    void stop() {
        if (source != null) {
            source.stop();
        }
        stopLoops();
        outboundBrokers.forEach(MqttClients::closeQuietly);
        outboundBrokers.clear();
        LOG.info("tenant {}: pipeline stage stopped at {}", tenant.name(), site);
    }
}
