package io.contmig.sandbox.pipeline;

import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.Store;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Everything the pipeline keeps for one tenant across stage moves: its names, counters, lookup cache, recent
 * payloads (de-duplication across a hand-over), consumer pause switch, InfluxDB writer, and the stage now running.
 * Stage changes are serialised on this object; the stage reference is read without locking by the REST hook.
 */
public final class TenantPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(TenantPipeline.class);
    private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(60);
    /** How long a restarted stage may keep failing to start before the switch fails. */
    private static final Duration RESTART_DEADLINE = Duration.ofSeconds(90);

    private final String name;
    private final SiteWhereNames names;
    private final SandboxRouting routing;
    private final PipelineStats stats = new PipelineStats();
    private final AssignmentCache cache = new AssignmentCache();
    private final RecentPayloads recent = new RecentPayloads(65_536);
    private final ConsumerPause pause = new ConsumerPause();
    private final InfluxPersistence influx;
    private final GatedProducer producer;
    private final KafkaValues values;
    private volatile TenantStage stage;

    TenantPipeline(String name, SandboxRouting routing, Duration influxTimeout, KafkaValues values) {
        this.name = name;
        this.values = values;
        this.names = new SiteWhereNames(name);
        this.routing = routing;
        this.influx = new InfluxPersistence(name, names.database(), routing, influxTimeout);
        this.producer = new GatedProducer(routing.gate(name, Store.KAFKA),
                bootstrap -> KafkaClients.producer(bootstrap, "pipeline-" + name + "-producer-" + System.nanoTime()));
    }

    public String name() {
        return name;
    }

    public SiteWhereNames names() {
        return names;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** The site where the tenant's stage runs now (empty string before start). */
    public String stageSite() {
        TenantStage s = stage;
        return s == null ? "" : s.site();
    }

    /** How the tenant's event topics' values are written. */
    public KafkaValues values() {
        return values;
    }

    SandboxRouting routing() {
        return routing;
    }

    AssignmentCache cache() {
        return cache;
    }

    RecentPayloads recent() {
        return recent;
    }

    ConsumerPause pause() {
        return pause;
    }

    InfluxPersistence influx() {
        return influx;
    }

    TenantStage stage() {
        return stage;
    }

    /**
     * The tenant's Kafka producer, shared by its stage and the REST API; it outlives stage restarts (each new stage
     * swaps it to its cluster, draining writes in flight before the old one closes).
     */
    GatedProducer producer() {
        return producer;
    }

    /** Starts the stage at the site the routing gives for {@link Store#PIPELINE}. */
    synchronized void start() throws MqttException {
        if (stage == null) {
            TenantStage s = new TenantStage(this, routing.siteOf(name, Store.PIPELINE));
            s.start();
            stage = s;
        }
    }

    /**
     * Stops the running stage and starts one at {@code site} with the routing's current stores: the event source
     * stops first (the broker queues the tenant's messages in its persistent session), the new one takes the
     * session over; Kafka consumers resume from their groups' committed offsets.
     */
    synchronized void restart(String site) throws MqttException {
        TenantStage old = stage;
        if (old != null) {
            old.stop();
        }
        stage = null;
        // A restart happens during a cutover, when the machine is busiest: one broker or Kafka connect that times
        // out must not leave the tenant without a stage (its events would wait in the broker session forever).
        // Retry with a growing pause until RESTART_DEADLINE; each failed attempt has stopped what it started.
        long deadline = System.nanoTime() + RESTART_DEADLINE.toNanos();
        long pauseMillis = 200;
        while (true) {
            TenantStage s = new TenantStage(this, site);
            try {
                s.start();
                stage = s;
                return;
            } catch (MqttException | RuntimeException e) {
                if (System.nanoTime() + pauseMillis * 1_000_000L > deadline) {
                    throw e;
                }
                LOG.warn("tenant {}: stage start at {} failed ({}); retrying in {} ms", name, site, e.toString(),
                        pauseMillis);
                try {
                    Thread.sleep(pauseMillis); // back-off between attempts, not a wait for a condition
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(5_000, pauseMillis * 2);
            }
        }
    }

    /**
     * Moves the running stage's Kafka clients to the cluster now serving the tenant's Kafka ({@link TenantStage#moveKafka});
     * without a running stage, only the producer moves.
     */
    synchronized void moveKafka(String bootstrap) {
        TenantStage s = stage;
        if (s == null) {
            producer.moveTo(bootstrap);
        } else {
            s.moveKafka(bootstrap);
        }
    }

    synchronized void pauseConsumers() throws InterruptedException {
        TenantStage s = stage;
        pause.request(s == null ? java.util.List.of() : s.loops(), PAUSE_TIMEOUT);
    }

    void resumeConsumers() {
        pause.release();
    }

    synchronized void stop() {
        TenantStage s = stage;
        stage = null;
        if (s != null) {
            s.stop();
        }
        producer.close();
    }
}
