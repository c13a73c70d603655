package io.contmig.load.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One Paho v3 connection of the fleet (a device's own, one shared by several, or the echo subscriber), with
 * reconnection: after a loss it retries with a doubling delay from {@code reconnectMin} up to {@code reconnectMax}
 * until it is closed. While it is down, {@link #isConnected()} is false and the fleet records the intended events
 * as failures — the gap shows up in the {@code .ko} tags. Opened by {@link PahoLinks}; each costs Paho three threads.
 *
 * <p>Thread-safe. Paho calls back on its own threads; reconnect attempts run on the shared scheduler.
 */
final class FleetConnection implements MqttCallbackExtended, MqttLink {

    /** One listener for every publish: the publish's {@link PublishCompletion} rides as Paho's user context. */
    private static final IMqttActionListener COMPLETIONS = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            ((PublishCompletion) token.getUserContext()).acknowledged();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            ((PublishCompletion) token.getUserContext()).failed(exception);
        }
    };

    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final ScheduledExecutorService scheduler;
    private final long reconnectMinNanos;
    private final long reconnectMaxNanos;
    private final String[] subscriptions;
    private final BiConsumer<String, MqttMessage> onMessage;
    private final AtomicLong reconnects;

    private volatile boolean connected;
    private volatile boolean closed;
    private long delayNanos;
    private final InflightWindow window;

    /**
     * @param subscriptions topics to (re)subscribe at QoS 1 after each connect; empty for a publisher
     * @param onMessage     receives messages of those topics on Paho's callback thread
     */
    FleetConnection(String brokerUri, String clientId, int maxInflight, ScheduledExecutorService scheduler,
                    Duration reconnectMin, Duration reconnectMax, String[] subscriptions,
                    BiConsumer<String, MqttMessage> onMessage, AtomicLong reconnects) throws MqttException {
        this.client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence(),
                new ScheduledExecutorPingSender(scheduler), null);
        this.scheduler = scheduler;
        this.reconnectMinNanos = reconnectMin.toNanos();
        this.reconnectMaxNanos = reconnectMax.toNanos();
        this.subscriptions = subscriptions.clone();
        this.onMessage = onMessage;
        this.reconnects = reconnects;
        this.options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(maxInflight);
        options.setSocketFactory(new NoDelaySocketFactory());
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        client.setCallback(this);
        this.delayNanos = reconnectMinNanos;
        // A little below Paho's own limit, so Paho never has to refuse (its refusal costs an exception).
        this.window = new InflightWindow(Math.max(1, maxInflight - 16));
    }

    @Override
    public InflightWindow window() {
        return window;
    }

    /** Starts connecting; the token completes when connected and subscribed, or fails with the broker's reason. */
    IMqttToken connectAsync() throws MqttException {
        return client.connect(options);
    }

    /** After the first successful connect: subscribes (blocking) and marks the connection usable. */
    void afterFirstConnect(Duration timeout) throws MqttException {
        subscribe(timeout);
        connected = true;
    }

    private void subscribe(Duration timeout) throws MqttException {
        if (subscriptions.length > 0) {
            int[] qos = new int[subscriptions.length];
            java.util.Arrays.fill(qos, 1);
            client.subscribe(subscriptions, qos).waitForCompletion(timeout.toMillis());
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    String clientId() {
        return client.getClientId();
    }

    @Override
    public boolean publish(String topic, byte[] payload, int qos, PublishCompletion completion) {
        try {
            client.publish(topic, payload, qos, false, completion, COMPLETIONS);
            return true;
        } catch (MqttException e) {
            return false;
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        connected = false;
        if (!closed) {
            synchronized (this) {
                delayNanos = reconnectMinNanos;
            }
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        long delay;
        synchronized (this) {
            delay = delayNanos;
            delayNanos = Math.min(reconnectMaxNanos, delayNanos * 2);
        }
        try {
            scheduler.schedule(this::reconnect, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The fleet is closing: no more attempts.
        }
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    reconnects.incrementAndGet();
                    if (subscriptions.length == 0) {
                        connected = true;
                        return;
                    }
                    // Clean sessions lose their subscriptions: renew them before declaring the connection usable.
                    scheduler.execute(() -> {
                        try {
                            subscribe(Duration.ofSeconds(10));
                            connected = true;
                        } catch (MqttException e) {
                            scheduleReconnect();
                        }
                    });
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    scheduleReconnect();
                }
            });
        } catch (MqttException e) {
            // Already connecting or a local refusal: try again later.
            scheduleReconnect();
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        onMessage.accept(topic, message);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // Completion is handled per publish by its listener.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        // Connection state is set by connect listeners (after resubscribing).
    }

    /** Disconnects cleanly (waiting up to {@code quiesce} for in-flight work) and releases Paho's threads. */
    void close(Duration quiesce) {
        closed = true;
        connected = false;
        try {
            if (client.isConnected()) {
                client.disconnect(quiesce.toMillis()).waitForCompletion(quiesce.toMillis() + 2_000);
            }
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 1_000);
            } catch (MqttException ignored) {
                // Nothing more to do: close() below frees what it can.
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // close(force=true) only throws for an invalid state, which a closing fleet can ignore.
        }
    }

    /** Connects in windows of 256 concurrent attempts, so a large per-device fleet does not flood the broker. */
    static void connectAll(List<FleetConnection> list) throws MqttException {
        int window = 256;
        for (int from = 0; from < list.size(); from += window) {
            List<FleetConnection> batch = list.subList(from, Math.min(list.size(), from + window));
            List<IMqttToken> tokens = new ArrayList<>();
            for (FleetConnection c : batch) {
                tokens.add(c.connectAsync());
            }
            for (int i = 0; i < batch.size(); i++) {
                tokens.get(i).waitForCompletion(15_000);
                batch.get(i).afterFirstConnect(Duration.ofSeconds(15));
            }
        }
    }

    /** The exception's message, reason code and causes, on one line. */
    static String reason(MqttException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        text.append(" (reason code ").append(e.getReasonCode()).append(')');
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            text.append(": ").append(c.getClass().getSimpleName()).append(' ').append(c.getMessage());
        }
        return text.toString();
    }
}
