package io.contmig.load.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The smallest stand-in for SiteWhere's pipeline between input and outbound MQTT: consumes
 * {@code SiteWhere/+/input/json} and republishes each event on {@code SiteWhere/<tenant>/output/mqtt1} in
 * SiteWhere's DeviceEvent shape ({@code deviceId} from the token map, {@code metadata.seq} kept). Real broker,
 * real MQTT; only the platform's processing is left out. Can be told to drop events to test losses.
 */
public final class EchoPipeline implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttAsyncClient client;
    private final Map<String, String> deviceIdByToken;
    private final AtomicLong echoed = new AtomicLong();
    private volatile java.util.function.Predicate<JsonNode> drop = e -> false;

    public EchoPipeline(URI broker, Map<String, String> deviceIdByToken) throws MqttException {
        this(broker, deviceIdByToken, 1);
    }

    /** @param qos QoS of its subscription and republishing (0 is faster: Mosquitto caps QoS 1 in flight per client) */
    public EchoPipeline(URI broker, Map<String, String> deviceIdByToken, int qos) throws MqttException {
        this.deviceIdByToken = Map.copyOf(deviceIdByToken);
        client = new MqttAsyncClient(broker.toString(), "echo-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(65535);
        options.setCleanSession(true);
        options.setSocketFactory(new io.contmig.load.mqtt.NoDelaySocketFactory());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) { }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                JsonNode in = JSON.readTree(message.getPayload());
                if (drop.test(in)) {
                    return;
                }
                String tenant = topic.split("/")[1];
                ObjectNode out = JSON.createObjectNode();
                out.put("id", java.util.UUID.randomUUID().toString());
                out.put("eventType", in.path("type").asText().replace("Device", ""));
                out.put("deviceId", deviceIdByToken.getOrDefault(in.path("deviceToken").asText(), ""));
                out.set("metadata", in.path("request").path("metadata"));
                out.put("eventDate", in.path("request").path("eventDate").asLong());
                client.publish("SiteWhere/" + tenant + "/output/mqtt1", JSON.writeValueAsBytes(out), qos, false);
                echoed.incrementAndGet();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) { }
        });
        client.connect(options).waitForCompletion(10_000);
        client.subscribe("SiteWhere/+/input/json", qos).waitForCompletion(10_000);
    }

    /** Events matching {@code rule} are swallowed (a lossy pipeline). */
    public void dropWhen(java.util.function.Predicate<JsonNode> rule) {
        this.drop = rule;
    }

    public long echoed() {
        return echoed.get();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(500).waitForCompletion(3_000);
        }
        client.close(true);
    }
}
