package io.contmig.load.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fleet connection on HiveMQ's MQTT 3.1.1 client (clean session, keep-alive 60 s, socket and CONNACK timeouts
 * 10 s; Netty sets {@code TCP_NODELAY}). The keep-alive is twice Paho's because a 10,000-device fleet connects for
 * tens of seconds before its first event: with 30 s, Mosquitto (1.5 × keep-alive) dropped devices that had
 * connected first and were still idle on a loaded machine. Reconnects itself only after a first successful connect, so a broker that
 * cannot be reached fails {@link HiveMqLinks#connectAll} cleanly. A clean session ends with its connection: publishes
 * in flight then fail (HiveMQ does not republish them), so each is acknowledged or counted as an error.
 *
 * <p>Thread-safe: the connection state is written on the client's event loop, read by the scheduler threads.
 */
final class HiveMqLink implements MqttLink {

    /** The last topic published and its parsed form: a device publishes to one topic, so parsing happens once. */
    private record Topic(String name, MqttTopic parsed) {
    }

    private final Mqtt3AsyncClient client;
    private final InflightWindow window;
    private final long reconnectMinNanos;
    private final long reconnectMaxNanos;
    private final AtomicLong reconnects;

    private volatile Topic topic = new Topic("", null);
    private volatile boolean connected;
    private volatile boolean everConnected;
    private volatile boolean closed;
    /** Next reconnect delay; touched on the client's event loop only. */
    private long delayNanos;

    HiveMqLink(FleetConfig config, String clientId, MqttClientExecutorConfig executors, AtomicLong reconnects) {
        this.window = new InflightWindow(config.maxInflight());
        this.reconnectMinNanos = config.reconnectMin().toNanos();
        this.reconnectMaxNanos = config.reconnectMax().toNanos();
        this.delayNanos = reconnectMinNanos;
        this.reconnects = reconnects;
        this.client = MqttClient.builder()
                .useMqttVersion3()
                .identifier(clientId)
                .serverHost(config.brokerUri().getHost())
                .serverPort(config.brokerUri().getPort())
                .executorConfig(executors)
                .transportConfig()
                .socketConnectTimeout(10, TimeUnit.SECONDS)
                .mqttConnectTimeout(10, TimeUnit.SECONDS)
                .applyTransportConfig()
                .addConnectedListener(context -> onConnected())
                .addDisconnectedListener(this::onDisconnected)
                .buildAsync();
    }

    CompletableFuture<?> connect() {
        return client.connectWith().cleanSession(true).keepAlive(60).send();
    }

    private void onConnected() {
        if (closed) {
            client.disconnect();
            return;
        }
        if (everConnected) {
            reconnects.incrementAndGet();
        }
        everConnected = true;
        delayNanos = reconnectMinNanos;
        connected = true;
    }

    private void onDisconnected(MqttClientDisconnectedContext context) {
        connected = false;
        if (closed || !everConnected || context.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        long delay = delayNanos;
        delayNanos = Math.min(reconnectMaxNanos, delayNanos * 2);
        context.getReconnector().reconnect(true).delay(delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public InflightWindow window() {
        return window;
    }

    @Override
    public boolean publish(String topicName, byte[] payload, int qos, PublishCompletion completion) {
        Topic t = topic;
        if (!t.name().equals(topicName)) {
            t = new Topic(topicName, MqttTopic.of(topicName));
            topic = t;
        }
        client.publishWith().topic(t.parsed()).qos(MqttQos.fromCode(qos)).payload(payload).send()
                .whenComplete(completion);
        return true;
    }

    /** Stops reconnecting and disconnects; the future completes when the DISCONNECT left (or at once if down). */
    CompletableFuture<?> close() {
        closed = true;
        connected = false;
        return client.disconnect();
    }
}
