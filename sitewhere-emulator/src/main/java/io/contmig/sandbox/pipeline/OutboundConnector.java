package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

import java.util.ArrayList;
import java.util.List;

/**
 * SiteWhere's outbound connector {@code mqtt1} for one tenant: reads {@code outbound-events} (group
 * {@code <tenantPrefix>connector.mqtt1}) and publishes each event's {@code DeviceEvent} JSON, QoS 1, on
 * {@code SiteWhere/<t>/output/mqtt1} to the gateway broker (through the stage site's device link) and to the
 * site's own broker; commits once both acknowledged. Runs on its own {@link ConsumerLoop} thread.
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
    protected void process(ConsumerRecords<String, byte[]> records) throws Exception {
        String topic = stage.names().mqttOutputTopic();
        List<IMqttDeliveryToken> sent = new ArrayList<>(records.count() * brokers.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            byte[] event = JSON.writeValueAsBytes(stage.tenant().values().processed(record.value()).get("event"));
            for (MqttAsyncClient broker : brokers) {
                sent.add(broker.publish(topic, event, 1, false));
            }
        }
        for (IMqttDeliveryToken token : sent) {
            token.waitForCompletion(30_000);
        }
        stage.tenant().stats().add(PipelineStats.Counter.PUBLISHED, records.count());
    }
}
