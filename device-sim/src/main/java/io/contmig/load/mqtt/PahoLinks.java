package io.contmig.load.mqtt;

import org.eclipse.paho.client.mqttv3.MqttException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's links on Eclipse Paho v3 ({@link FleetConnection}): three threads per connection (its sender,
 * receiver and callback threads), pings and reconnects on the fleet's one timer thread. Per-device mode with Paho
 * therefore stops at a few thousand devices on one JVM. Used from the fleet's controlling thread.
 */
final class PahoLinks implements MqttLinks {

    private final FleetConfig config;
    private final ScheduledExecutorService timers;
    private final AtomicLong reconnects;

    PahoLinks(FleetConfig config, ScheduledExecutorService timers, AtomicLong reconnects) {
        this.config = config;
        this.timers = timers;
        this.reconnects = reconnects;
    }

    @Override
    public MqttLink open(String clientId) throws FleetException {
        try {
            return new FleetConnection(config.brokerUri().toString(), clientId, config.maxInflight(), timers,
                    config.reconnectMin(), config.reconnectMax(), new String[0], (t, m) -> { }, reconnects);
        } catch (MqttException e) {
            throw cannotConnect(config, e);
        }
    }

    @Override
    public void connectAll(List<MqttLink> links) throws FleetException {
        List<FleetConnection> paho = new ArrayList<>(links.size());
        links.forEach(l -> paho.add((FleetConnection) l));
        try {
            FleetConnection.connectAll(paho);
        } catch (MqttException e) {
            throw cannotConnect(config, e);
        }
    }

    static FleetException cannotConnect(FleetConfig config, MqttException e) {
        return new FleetException("MQTT broker " + config.brokerUri() + ": cannot connect: "
                + FleetConnection.reason(e), e);
    }

    @Override
    public void closeAll(List<MqttLink> links) {
        // In parallel: a large per-device fleet would otherwise take minutes to close one by one.
        links.parallelStream().forEach(l -> ((FleetConnection) l).close(Duration.ofMillis(500)));
    }
}
