package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sitewhere.PipelineHops;
import io.contmig.sitewhere.SiteWhereNames;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * SiteWhere's MQTT event source {@code json} for one tenant at one site: subscribes (QoS 1) to
 * {@code SiteWhere/<t>/input/json} on the gateway broker through the site's device link, decodes each payload
 * strictly ({@link EventDecoder}) and writes it to Kafka — {@code event-source-decoded-events} keyed by device
 * token, {@code event-source-failed-decode-events} keyed by the source id {@code json} (raw payload), registration
 * requests to {@code inbound-device-registration-events}.
 *
 * <p>At-least-once: the MQTT message is acknowledged (manual acks) only once Kafka acknowledged the write. A write
 * that fails for a reason Kafka calls retriable (the broker restarting, a metadata timeout) is written again by this
 * source, with a growing pause, until it succeeds or the source stops: an MQTT broker redelivers an unacknowledged
 * message only when the session reconnects, so a message left unacknowledged on a live connection would never come
 * back (the nemesis matrix lost one event per tenant this way when a site's Kafka was killed). Any other failure
 * leaves the message unacknowledged and counted ({@code WRITE_FAILURES}). The
 * session is persistent under a fixed client id per tenant, so when the stage moves to another site the broker
 * keeps the tenant's messages for the new subscriber; redeliveries of messages already forwarded are dropped
 * ({@link RecentPayloads}). Paho calls {@link #messageArrived} on one thread, which hands each message to this
 * source's own worker thread (in order): a message may wait at the tenant's Kafka write gate during a store switch,
 * and Paho's thread must stay free meanwhile — it also completes the connect and subscribe of a stage that starts
 * while the gate is closed (a Kafka cutover restarts the stage under the block). start/stop are called by the stage.
 * Decoded events carry their first {@link PipelineHops} stamps (intake on Paho's thread, produce) in a header.
 */
final class EventSource implements MqttCallbackExtended {

    private static final Logger LOG = LoggerFactory.getLogger(EventSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE_ID = "json";
    private static final java.time.Duration GATE_POLL = java.time.Duration.ofMillis(100);
    private static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(10);
    /** Pauses between attempts at a retriable write: 100 ms doubling to 2 s. */
    private static final long FIRST_RETRY_PAUSE_MS = 100;
    private static final long MAX_RETRY_PAUSE_MS = 2_000;

    private final TenantStage stage;
    private final EventDecoder decoder = new EventDecoder();
    private final String url;
    private volatile boolean stopping;
    private MqttAsyncClient client;
    private final ExecutorService worker;

    EventSource(TenantStage stage, String url) {
        this.stage = stage;
        this.url = url;
        String name = stage.threadName("source");
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The fixed client id of a tenant's event source: the same on every site, so a new stage takes the session. */
    static String clientId(String tenant) {
        return "sitewhere-event-sources-" + tenant + "-json";
    }

    void start() throws MqttException {
        client = MqttClients.client(url, clientId(stage.tenant().name()));
        client.setManualAcks(true);
        client.setCallback(this);
        client.connect(MqttClients.options(false, true, stage.tenant().routing().gatewayMqttLogin()))
                .waitForCompletion(15_000);
        client.subscribe(stage.names().mqttInputTopic(), 1).waitForCompletion(15_000);
    }

    /** Disconnects (the broker keeps the session and queues new messages), then waits for Kafka writes in flight. */
    void stop() {
        stopping = true;
        MqttClients.closeQuietly(client);
        worker.shutdown();
        try {
            // A message waiting at a closed gate sees `stopping` within one GATE_POLL and is left unacknowledged.
            if (!worker.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        stage.producer().flush();
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (reconnect) {
            LOG.info("{}: reconnected to {}", clientId(stage.tenant().name()), serverURI);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (!stopping) {
            LOG.warn("{}: connection to {} lost ({}); reconnecting", clientId(stage.tenant().name()), url,
                    cause == null ? "?" : cause.toString());
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // the event source only subscribes
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long intakeMicros = PipelineHops.nowMicros();
        worker.execute(() -> attempt(message, intakeMicros, 0));
    }

    /** One attempt at forwarding {@code message}, on the worker thread, after the pause that its number calls for. */
    private void attempt(MqttMessage message, long intakeMicros, int attempt) {
        try {
            if (attempt > 0) {
                long pause = Math.min(MAX_RETRY_PAUSE_MS, FIRST_RETRY_PAUSE_MS << Math.min(attempt - 1, 10));
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
                while (!stopping && System.nanoTime() < until) {
                    Thread.sleep(Math.min(GATE_POLL.toMillis(), pause)); // back-off; `stopping` checked each poll
                }
                if (stopping) {
                    return; // left unacknowledged: the broker redelivers it to the session's next connection
                }
            }
            forward(message, intakeMicros, attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed(message, intakeMicros, attempt, e);
        }
    }

    /**
     * A failed write of {@code message}: counted, then written again when Kafka says the failure is retriable; any
     * other failure leaves it unacknowledged (the broker redelivers it to the session's next connection).
     */
    private void failed(MqttMessage message, long intakeMicros, int attempt, Exception error) {
        stage.tenant().stats().add(PipelineStats.Counter.WRITE_FAILURES, 1);
        boolean retriable = error instanceof RetriableException;
        if (attempt == 0 || !retriable) {
            LOG.warn("{}: Kafka write failed{}: {}", stage.names().tenant(), retriable ? ", retrying" : "",
                    error.toString());
        }
        if (!retriable || stopping) {
            return;
        }
        try {
            worker.execute(() -> attempt(message, intakeMicros, attempt + 1));
        } catch (RejectedExecutionException e) {
            // Stopping: left unacknowledged, redelivered to the stage that takes the session over.
        }
    }

    private void forward(MqttMessage message, long intakeMicros, int attempt) throws Exception {
        TenantPipeline tenant = stage.tenant();
        PipelineStats stats = tenant.stats();
        stats.add(PipelineStats.Counter.RECEIVED, 1);
        byte[] payload = message.getPayload();
        if (message.isDuplicate() && tenant.recent().contains(payload)) {
            stats.add(PipelineStats.Counter.DUPLICATES_DROPPED, 1);
            ack(message);
            return;
        }
        ProducerRecord<String, byte[]> record;
        PipelineStats.Counter counter;
        SiteWhereNames topics = stage.names();
        try {
            DecodedRequest request = decoder.decode(payload);
            if (request.type() == RequestType.DeviceStream || request.type() == RequestType.DeviceStreamData) {
                // SiteWhere decodes these legacy types but forwards nothing for them.
                ack(message);
                return;
            }
            ObjectNode value = JSON.createObjectNode();
            value.put("sourceId", SOURCE_ID);
            value.put("deviceToken", request.deviceToken());
            request.originator().ifPresent(o -> value.put("originator", o));
            value.put("type", request.type().name());
            value.set("request", request.request());
            boolean registration = request.type() == RequestType.RegisterDevice;
            record = new ProducerRecord<>(registration ? topics.deviceRegistrationEventsTopic() : topics.decodedEventsTopic(),
                    request.deviceToken(), registration ? JSON.writeValueAsBytes(value) : tenant.values().decoded(value));
            counter = registration ? PipelineStats.Counter.REGISTRATIONS : PipelineStats.Counter.DECODED;
        } catch (DecodeException e) {
            LOG.debug("{}: refused payload: {}", topics.tenant(), e.getMessage());
            record = new ProducerRecord<>(topics.failedDecodeEventsTopic(), SOURCE_ID, payload);
            counter = PipelineStats.Counter.FAILED_DECODE;
        }
        GatedProducer producer = stage.producer();
        long waitingSince = System.nanoTime();
        while (!producer.gate().tryEnter(GATE_POLL)) {
            if (stopping) {
                // Not acknowledged: the broker redelivers it to the stage that takes the session over.
                return;
            }
            if (System.nanoTime() - waitingSince > producer.gate().maxWait().toNanos()) {
                // Recorded, and the message stays unacknowledged until it is written: never dropped.
                stats.add(PipelineStats.Counter.WRITE_FAILURES, 1);
                LOG.warn("{}: Kafka writes blocked for more than {} ms (a store switch is in progress)",
                        topics.tenant(), producer.gate().maxWait().toMillis());
                waitingSince = System.nanoTime();
            }
        }
        PipelineStats.Counter done = counter;
        if (counter == PipelineStats.Counter.DECODED) {
            record.headers().add(PipelineHops.HEADER,
                    PipelineHops.append(PipelineHops.first(intakeMicros), PipelineHops.nowMicros()));
        }
        GatedProducer.Lease lease;
        try {
            lease = producer.lease();
        } catch (RuntimeException e) {
            producer.gate().exit();
            throw e;
        }
        try {
            lease.producer().send(record, (metadata, error) -> {
                lease.close();
                producer.gate().exit();
                if (error == null) {
                    stats.add(done, 1);
                    tenant.recent().add(payload);
                    ack(message);
                } else {
                    failed(message, intakeMicros, attempt, error);
                }
            });
        } catch (RuntimeException e) {
            lease.close();
            producer.gate().exit();
            throw e; // counted and, when retriable, retried by attempt()
        }
    }

    private void ack(MqttMessage message) {
        try {
            MqttAsyncClient c = client;
            if (c != null && c.isConnected()) {
                c.messageArrivedComplete(message.getId(), message.getQos());
            }
        } catch (MqttException e) {
            // The connection is gone: the broker redelivers the message to the session's next connection.
            LOG.debug("ack of message {} failed: {}", message.getId(), e.toString());
        }
    }
}
