package io.contmig.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.sandbox.pipeline.MqttClients;
import io.contmig.target.Login;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/** Test fixture: a Paho client that publishes device requests and collects outbound echoes. */
final class MqttProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MqttAsyncClient client;
    final ConcurrentLinkedQueue<JsonNode> received = new ConcurrentLinkedQueue<>();

    MqttProbe(String url, Login login, String id) throws MqttException {
        client = MqttClients.client(url, id + "-" + System.nanoTime());
        client.connect(MqttClients.options(true, false, login)).waitForCompletion(10_000);
    }

    /** Subscribes to {@code topic}; each message (parsed JSON) is queued and handed to {@code listener}. */
    MqttProbe subscribe(String topic, Consumer<JsonNode> listener) throws MqttException {
        client.subscribe(topic, 1, (t, message) -> {
            JsonNode node = JSON.readTree(message.getPayload());
            received.add(node);
            listener.accept(node);
        }).waitForCompletion(10_000);
        return this;
    }

    IMqttDeliveryToken publish(String topic, String payload) throws MqttException {
        return client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    static String measurement(String token, long seq, long eventDate) {
        return "{\"deviceToken\":\"" + token + "\",\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"temp\","
                + "\"value\":21.5,\"eventDate\":" + eventDate + ",\"metadata\":{\"seq\":\"" + seq + "\"}}}";
    }

    List<JsonNode> withSeq(long seq) {
        return received.stream().filter(n -> n.path("metadata").path("seq").asText().equals(Long.toString(seq)))
                .toList();
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Override
    public void close() {
        MqttClients.closeQuietly(client);
    }
}
