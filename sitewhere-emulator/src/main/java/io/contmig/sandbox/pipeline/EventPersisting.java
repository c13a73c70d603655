package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.contmig.sitewhere.PipelineHops;

import java.util.ArrayList;
import java.util.List;

/**
 * SiteWhere's event-management persistence for one tenant: reads {@code inbound-events}, writes each event as one
 * point to InfluxDB (one HTTP write per batch, SiteWhere batches too), then writes it to {@code outbound-events}
 * (key: device UUID, value {@code {"context":..,"event":..}}), with the consume and InfluxDB-written
 * {@link PipelineHops} stamps appended to its header. Runs on its own {@link ConsumerLoop} thread.
 */
final class EventPersisting extends ConsumerLoop {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TenantStage stage;

    EventPersisting(TenantStage stage, KafkaConsumer<String, byte[]> consumer) {
        super(stage.threadName("persistence"), consumer, stage.names().inboundEventsTopic(), stage.tenant().pause(),
                stage.tenant().stats());
        this.stage = stage;
    }

    @Override
    protected void process(ConsumerRecords<String, byte[]> records) throws Exception {
        List<String> lines = new ArrayList<>(records.count());
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(records.count());
        List<byte[]> hops = new ArrayList<>(records.count());
        long consumedMicros = PipelineHops.nowMicros();
        for (ConsumerRecord<String, byte[]> record : records) {
            long received = record.timestamp() > 0 ? record.timestamp() : System.currentTimeMillis();
            JsonNode inbound = stage.tenant().values().preprocessedEvent(record.value(), received);
            ObjectNode event = (ObjectNode) inbound.get("event");
            DeviceEvents.addPrecision(event);
            lines.add(DeviceEvents.point(event));
            ObjectNode processed = JSON.createObjectNode();
            processed.set("context", inbound.path("context"));
            processed.set("event", event);
            out.add(new ProducerRecord<>(stage.names().outboundEventsTopic(), record.key(),
                    stage.tenant().values().processed(processed)));
            hops.add(PipelineHops.append(InboundProcessing.hopsOf(record), consumedMicros));
        }
        stage.tenant().influx().write(stage.site(), lines);
        long writtenMicros = PipelineHops.nowMicros();
        for (int i = 0; i < out.size(); i++) {
            byte[] stamps = PipelineHops.append(hops.get(i), writtenMicros);
            if (stamps != null) {
                out.get(i).headers().add(PipelineHops.HEADER, stamps);
            }
        }
        stage.producer().sendAll(out);
        stage.tenant().stats().add(PipelineStats.Counter.PERSISTED, out.size());
    }
}
