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
            String kafkaSite = tenant.routing().siteOf(tenant.name(), Store.KAFKA);
            String bootstrap = tenant.routing().endpoints(kafkaSite, site).kafkaBootstrap();
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
            SiteWhereNames topics = names();
            loops.add(new InboundProcessing(this, KafkaClients.consumer(bootstrap, topics.inboundProcessingGroup(),
                    threadName("inbound"))));
            loops.add(new EventPersisting(this, KafkaClients.consumer(bootstrap, topics.persistenceGroup(),
                    threadName("persistence"))));
            loops.add(new OutboundConnector(this, KafkaClients.consumer(bootstrap, topics.outboundConnectorGroup(),
                    threadName("outbound")), outboundBrokers));
            loops.forEach(ConsumerLoop::start);
            source = new EventSource(this, tenant.routing().gatewayMqttUrl(site));
            source.start();
            LOG.info("tenant {}: pipeline stage started at {} (kafka at {})", tenant.name(), site, kafkaSite);
        } catch (MqttException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * Stops the event source first (its broker session keeps new messages), then the loops, then the MQTT clients.
     * The tenant's producer stays open: the REST API may be writing through it (the next stage swaps it).
     */
    void stop() {
        if (source != null) {
            source.stop();
        }
        for (ConsumerLoop loop : loops) {
            try {
                loop.stop(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loops.clear();
        outboundBrokers.forEach(MqttClients::closeQuietly);
        outboundBrokers.clear();
        LOG.info("tenant {}: pipeline stage stopped at {}", tenant.name(), site);
    }
}
