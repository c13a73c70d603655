package io.contmig.sandbox.pipeline;

import io.contmig.target.Login;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Creates and connects the pipeline's Paho clients: {@code TCP_NODELAY}, a high in-flight window. Stateless. */
public final class MqttClients {

    /** Paho's in-flight window (its default of 10 throttles a fast QoS 1 publisher). */
    public static final int MAX_INFLIGHT = 10_000;

    private MqttClients() {
    }

    /** Connect options shared by the pipeline's clients, presenting {@code login} ({@link Login#NONE}: nothing). */
    public static MqttConnectOptions options(boolean cleanSession, boolean automaticReconnect, Login login) {
        MqttConnectOptions options = new MqttConnectOptions();
        if (!login.isNone()) {
            options.setUserName(login.user());
            options.setPassword(login.password().toCharArray());
        }
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(automaticReconnect);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        options.setSocketFactory(new NoDelaySocketFactory());
        return options;
    }

    /** A client of {@code url} with id {@code clientId} and in-memory persistence, not yet connected. */
    public static MqttAsyncClient client(String url, String clientId) throws MqttException {
        return new MqttAsyncClient(url, clientId, new MemoryPersistence());
    }

    /** Closes {@code client} quietly (disconnect if connected, then release its threads). */
    public static void closeQuietly(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(5_000);
            }
        } catch (MqttException ignored) {
            // already gone
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // already closed
        }
    }
}
