package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.servers.influx.InfluxWriteException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.contmig.sitewhere.PipelineHops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SiteWhere's event-management persistence for one tenant: reads {@code inbound-events}, writes each event as one
 * point to InfluxDB (one HTTP write per batch, SiteWhere batches too), then writes it to {@code outbound-events}
 * (key: device UUID, value {@code {"context":..,"event":..}}), with the consume and InfluxDB-written
 * {@link PipelineHops} stamps appended to its header. Runs on its own {@link ConsumerLoop} thread.
 *
 * <p>Cannot wedge on one bad event. An event whose point cannot be built, or that InfluxDB refuses (400) when
 * written alone, goes to the tenant's dead-letter topic ({@link DeadLetters}); the batch's other events are stored.
 * Refusals are isolated by halving the refused batch (InfluxDB 1.x stores the valid lines of a refused batch, so
 * writing them again is harmless). Other failures (store unreachable, write blocked, 5xx, 401) are the store's, not
 * the event's: the batch is retried by the loop, and dead-lettered only once it has kept failing for
 * {@link #UNAVAILABLE_DEADLINE} — long enough for any fault a scenario injects to heal.
 */
final class EventPersisting extends ConsumerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(EventPersisting.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a batch may keep failing for the store's reasons before it is dead-lettered. */
    static final Duration UNAVAILABLE_DEADLINE = Duration.ofMinutes(5);

    private final TenantStage stage;
    /** When the batch in hand started failing for the store's reasons; 0 when the last batch succeeded. */
    private long failingSinceNanos;

    EventPersisting(TenantStage stage, KafkaConsumer<String, byte[]> consumer) {
        super(stage.threadName("persistence"), consumer, stage.names().inboundEventsTopic(), stage.tenant().pause(),
                stage.tenant().stats());
        this.stage = stage;
    }

    /** One event ready to store: its record, its point, its outbound record and its hop stamps so far. */
    private record Pending(ConsumerRecord<String, byte[]> record, String line,
                           ProducerRecord<String, byte[]> outbound, byte[] hops) {
    }

    @Override
    protected PendingWrites process(ConsumerRecords<String, byte[]> records) throws Exception {
        DeadLetters dead = new DeadLetters(stage.names().deadLetterEventsTopic());
        List<Pending> pending = new ArrayList<>(records.count());
        long consumedMicros = PipelineHops.nowMicros();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                pending.add(prepare(record, consumedMicros));
            } catch (IOException e) {
                dead.add(record, DeadLetters.Reason.UNREADABLE, e.getMessage());
            } catch (RuntimeException e) {
                dead.add(record, DeadLetters.Reason.UNWRITABLE, e.getMessage());
            }
        }
        List<Pending> stored;
        try {
            stored = writeIsolating(pending, dead);
            failingSinceNanos = 0;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (failingSinceNanos == 0) {
                failingSinceNanos = System.nanoTime();
            }
            if (System.nanoTime() - failingSinceNanos < UNAVAILABLE_DEADLINE.toNanos()) {
                throw e;
            }
            failingSinceNanos = 0;
            pending.forEach(p -> dead.add(p.record(), DeadLetters.Reason.UNAVAILABLE, e.toString()));
            stored = List.of();
        }
        if (!dead.isEmpty()) {
            LOG.warn("{}: {} event(s) dead-lettered to {}", stage.names().tenant(), dead.size(),
                    stage.names().deadLetterEventsTopic());
            dead.send(stage.producer(), stage.tenant().stats());
        }
        long writtenMicros = PipelineHops.nowMicros();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(stored.size());
        for (Pending p : stored) {
            byte[] stamps = PipelineHops.append(p.hops(), writtenMicros);
            if (stamps != null) {
                p.outbound().headers().add(PipelineHops.HEADER, stamps);
            }
            out.add(p.outbound());
        }
        GatedProducer.Sent sent = stage.producer().sendAsync(out);
        return () -> {
            sent.await();
            stage.tenant().stats().add(PipelineStats.Counter.PERSISTED, out.size());
        };
    }

    private Pending prepare(ConsumerRecord<String, byte[]> record, long consumedMicros) throws IOException {
        long received = record.timestamp() > 0 ? record.timestamp() : System.currentTimeMillis();
        JsonNode inbound = stage.tenant().values().preprocessedEvent(record.value(), received);
        if (inbound == null || !(inbound.get("event") instanceof ObjectNode event)) {
            throw new IOException("no \"event\" object in the record");
        }
        DeviceEvents.addPrecision(event);
        String line = DeviceEvents.point(event);
        ObjectNode processed = JSON.createObjectNode();
        processed.set("context", inbound.path("context"));
        processed.set("event", event);
        return new Pending(record, line, new ProducerRecord<>(stage.names().outboundEventsTopic(), record.key(),
                stage.tenant().values().processed(processed)),
                PipelineHops.append(InboundProcessing.hopsOf(record), consumedMicros));
    }

    /**
     * Writes {@code batch}; when InfluxDB refuses it for its content, writes each half again until the refused
     * events are alone, which go to {@code dead}. Returns the events stored. Throws on the store's failures.
     */
    private List<Pending> writeIsolating(List<Pending> batch, DeadLetters dead) throws Exception {
        if (batch.isEmpty()) {
            return batch;
        }
        try {
            stage.tenant().influx().write(stage.site(), batch.stream().map(Pending::line).toList());
            return batch;
        } catch (InfluxWriteException e) {
            if (!refusedForContent(e)) {
                throw e;
            }
            if (batch.size() == 1) {
                dead.add(batch.get(0).record(), DeadLetters.Reason.REFUSED, e.getMessage());
                return List.of();
            }
            int half = batch.size() / 2;
            List<Pending> stored = new ArrayList<>(writeIsolating(batch.subList(0, half), dead));
            stored.addAll(writeIsolating(batch.subList(half, batch.size()), dead));
            return stored;
        }
    }

    /** 400 (unparsable line, field type conflict, outside retention) and 413 are the content's fault. */
    private static boolean refusedForContent(InfluxWriteException e) {
        return e.status() == 400 || e.status() == 413;
    }
}
