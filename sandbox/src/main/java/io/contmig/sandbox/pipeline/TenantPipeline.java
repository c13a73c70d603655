package io.contmig.sandbox.pipeline;

import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.target.Store;
import org.eclipse.paho.client.mqttv3.MqttException;

import java.time.Duration;

/**
 * Everything the pipeline keeps for one tenant across stage moves: its names, counters, lookup cache, recent
 * payloads (de-duplication across a hand-over), consumer pause switch, InfluxDB writer, and the stage now running.
 * Stage changes are serialised on this object; the stage reference is read without locking by the REST hook.
 */
public final class TenantPipeline {

    private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final TenantTopics topics;
    private final SandboxRouting routing;
    private final PipelineStats stats = new PipelineStats();
    private final AssignmentCache cache = new AssignmentCache();
    private final RecentPayloads recent = new RecentPayloads(65_536);
    private final ConsumerPause pause = new ConsumerPause();
    private final InfluxPersistence influx;
    private volatile TenantStage stage;

    TenantPipeline(String name, SandboxRouting routing, InfluxHttp influxHttp) {
        this.name = name;
        this.topics = new TenantTopics(name);
        this.routing = routing;
        this.influx = new InfluxPersistence(name, topics.database(), routing, influxHttp);
    }

    public String name() {
        return name;
    }

    public TenantTopics topics() {
        return topics;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** The site where the tenant's stage runs now (empty string before start). */
    public String stageSite() {
        TenantStage s = stage;
        return s == null ? "" : s.site();
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
        TenantStage s = new TenantStage(this, site);
        s.start();
        stage = s;
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
    }
}
