package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sitewhere.PipelineHops;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SiteWhere's outbound connector {@code mqtt1} for one tenant: reads {@code outbound-events} (group
 * {@code <tenantPrefix>connector.mqtt1}) and publishes each event's {@code DeviceEvent} JSON, QoS 1, on
 * {@code SiteWhere/<t>/output/mqtt1} to the gateway broker (through the stage site's device link) and to the
 * site's own broker; the batch is committed once both acknowledged (the loop processes the next batch meanwhile). An event that carries {@link PipelineHops} stamps is
 * published with all of them in its metadata ({@link PipelineHops#METADATA_KEY}). Runs on its own {@link ConsumerLoop} thread.
 */
final class OutboundConnector extends ConsumerLoop {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TenantStage stage;
    private final List<MqttAsyncClient> brokers;

    OutboundConnector(TenantStage stage, KafkaConsumer<String, byte[]> consumer, List<MqttAsyncClient> brokers) {
        super(stage.threadName("outbound"), consumer, stage.names().outboundEventsTopic(), stage.tenant().pause(),
                stage.tenant().stats());
        this.stage = stage;
        this.brokers = List.copyOf(brokers);
    }

    @Override
    protected PendingWrites process(ConsumerRecords<String, byte[]> records) throws Exception {
        String topic = stage.names().mqttOutputTopic();
        List<IMqttDeliveryToken> sent = new ArrayList<>(records.count() * brokers.size());
        long consumedMicros = PipelineHops.nowMicros();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode node = stage.tenant().values().processed(record.value()).get("event");
            byte[] hops = PipelineHops.append(InboundProcessing.hopsOf(record), consumedMicros);
            if (hops != null && node instanceof ObjectNode e && e.get("metadata") instanceof ObjectNode metadata) {
                metadata.put(PipelineHops.METADATA_KEY, new String(PipelineHops.append(hops, PipelineHops.nowMicros()),
                        StandardCharsets.US_ASCII));
            }
            byte[] event = JSON.writeValueAsBytes(node);
            for (MqttAsyncClient broker : brokers) {
                sent.add(broker.publish(topic, event, 1, false));
            }
        }
        int count = records.count();
        return () -> {
            for (IMqttDeliveryToken token : sent) {
                token.waitForCompletion(30_000);
            }
            stage.tenant().stats().add(PipelineStats.Counter.PUBLISHED, count);
        };
    }
}
