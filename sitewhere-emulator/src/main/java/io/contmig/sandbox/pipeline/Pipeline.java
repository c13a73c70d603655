package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.routing.RoutingListener;
import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.target.Store;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.paho.client.mqttv3.MqttException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The sandbox's SiteWhere-compatible pipeline: one {@link TenantPipeline} per tenant, its stage running at the site
 * the routing gives for {@link Store#PIPELINE}. Listens to the routing: a {@code PIPELINE} or {@code KAFKA} switch
 * restarts the tenant's stage (at the new site / on the new cluster, consumers resuming from their groups' committed
 * offsets), a {@code POSTGRESQL} switch drops the lookup cache (the next lookup reconnects), an {@code INFLUXDB}
 * switch takes effect on the next batch. REST-created events reach the outbound connector through
 * {@link #publishOutbound} (the sandbox's {@code EventSink}).
 *
 * <p>Thread-safe. {@link #close} stops every stage and is idempotent.
 */
public final class Pipeline implements RoutingListener, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pipeline.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxRouting routing;
    private final KafkaValues values;
    /** How long one InfluxDB write of the persistence stage may take. */
    private static final Duration INFLUX_TIMEOUT = Duration.ofSeconds(30);
    private final Map<String, TenantPipeline> tenants = new ConcurrentHashMap<>();

    /** A pipeline over {@code routing} writing JSON Kafka values; registers itself as its listener. */
    public Pipeline(SandboxRouting routing) {
        this(routing, KafkaValues.JSON);
    }

    /** A pipeline over {@code routing} writing its event topics' values as {@code values}; registers as listener. */
    public Pipeline(SandboxRouting routing, KafkaValues values) {
        this.routing = routing;
        this.values = values;
        routing.addListener(this);
    }

    /** Starts the stage of {@code tenant} (already registered in the routing, stores provisioned). Idempotent. */
    public TenantPipeline start(String tenant) throws MqttException {
        TenantPipeline t = tenants.computeIfAbsent(tenant, n -> new TenantPipeline(n, routing, INFLUX_TIMEOUT, values));
        t.start();
        return t;
    }

    /**
     * Stops and forgets the stage of {@code tenant} (its consumers leave their groups, its producer is closed), so
     * that a later {@link #start} begins afresh with zero counters; harmless when it has none. Used by the sandbox's
     * reset between study trials.
     */
    public void remove(String tenant) {
        TenantPipeline t = tenants.remove(tenant);
        if (t != null) {
            t.stop();
        }
    }

    /** The tenants with a pipeline. */
    public List<String> tenants() {
        return tenants.keySet().stream().sorted().toList();
    }

    /** The pipeline of {@code tenant}; throws naming it when it has none. */
    public TenantPipeline tenant(String tenant) {
        TenantPipeline t = tenants.get(tenant);
        if (t == null) {
            throw new IllegalArgumentException("tenant (" + tenant + ") has no pipeline (known: " + tenants() + ")");
        }
        return t;
    }

    /** The counters of {@code tenant}. */
    public PipelineStats stats(String tenant) {
        return tenant(tenant).stats();
    }

    @Override
    public void switched(String tenant, Store store, String from, String to) {
        TenantPipeline t = tenants.get(tenant);
        if (t == null) {
            return;
        }
        try {
            // InfluxDB needs nothing: it is resolved per batch by InfluxPersistence; other stores are not the pipeline's.
            if (store.equals(Store.PIPELINE)) {
                t.restart(to);
            } else if (store.equals(Store.KAFKA)) {
                String stageSite = routing.siteOf(tenant, Store.PIPELINE);
                String bootstrap = routing.endpoints(to, stageSite).kafkaBootstrap();
                if (bootstrap.equals(routing.endpoints(from, stageSite).kafkaBootstrap())) {
                    // One cluster serves both sites (stretched): the clients already follow the moved leaders.
                    return;
                }
                // A safety net only (a Kafka migration has the topics on the target before it switches): made sure
                // of in the background, so the switch does not hold the tenant's writes for it. A write racing the
                // creation waits in the producer for the topic's metadata; consumers pick it up once it exists.
                CompletableFuture.runAsync(() -> KafkaClients.ensureTopics(bootstrap, t.names().topics()))
                        .whenComplete((done, failure) -> {
                            if (failure != null) {
                                LOG.warn("tenant {}: creating its missing topics on {} failed: {}", tenant, bootstrap,
                                        failure.toString());
                            }
                        });
                t.moveKafka(bootstrap);
            } else if (store.equals(Store.POSTGRESQL)) {
                t.cache().invalidateAll();
            }
        } catch (MqttException e) {
            throw new IllegalStateException("tenant " + tenant + ": cannot start its pipeline stage after moving "
                    + store.label() + " to " + to + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void pauseKafkaConsumers(String tenant) throws InterruptedException {
        TenantPipeline t = tenants.get(tenant);
        if (t != null) {
            t.pauseConsumers();
        }
    }

    @Override
    public void resumeKafkaConsumers(String tenant) {
        TenantPipeline t = tenants.get(tenant);
        if (t != null) {
            t.resumeConsumers();
        }
    }

    /**
     * Writes an event the REST API already stored in InfluxDB to the tenant's {@code outbound-events} (key: device
     * UUID), through its Kafka write gate, so that the outbound connector echoes it; returns once Kafka
     * acknowledged it, also while the tenant's stage is restarting. Throws {@link io.contmig.target.WriteBlockedException}
     * when a write block outlasted its declared wait, or when the write failed (the REST call then fails).
     */
    public void publishOutbound(String tenant, String deviceId, String deviceEventJson) throws Exception {
        TenantPipeline t = tenant(tenant);
        // Through the tenant's producer, not its stage: a stage restart (placement or Kafka switch) swaps the
        // producer under this call without failing it; the outbound connector reads the record when it is back.
        ObjectNode processed = JSON.createObjectNode();
        processed.set("event", JSON.readTree(deviceEventJson));
        try {
            t.producer().sendAll(List.of(new ProducerRecord<>(t.names().outboundEventsTopic(), deviceId,
                    t.values().processed(processed))));
        } catch (ExecutionException e) {
            throw new IOException("tenant " + tenant + ": writing outbound-events failed: " + e.getCause(), e);
        }
        t.stats().add(PipelineStats.Counter.PERSISTED, 1);
    }

    /** Forgets cached lookups of {@code deviceToken} (its device or assignments changed). */
    public void deviceChanged(String tenant, String deviceToken) {
        TenantPipeline t = tenants.get(tenant);
        if (t != null) {
            t.cache().invalidate(deviceToken);
        }
    }

    @Override
    public void close() {
        tenants.values().forEach(TenantPipeline::stop);
    }
}
