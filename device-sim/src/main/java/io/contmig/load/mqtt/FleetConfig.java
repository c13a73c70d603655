package io.contmig.load.mqtt;

import io.contmig.plan.Defaults;
import io.contmig.plan.MqttClientKind;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the device fleet does: which broker, which devices, when they send (open model), and how they connect.
 * Immutable; each {@code with…} method returns a new instance.
 *
 * @param brokerUri            {@code tcp://host:port} of the devices' broker
 * @param tenants              devices per tenant
 * @param schedules            each device's intended starts (run clock)
 * @param loadUntil            run-clock time after which no event is started
 * @param qos                  MQTT QoS of publishes, 0, 1 or 2 (acknowledged sets need ≥ 1)
 * @param mode                 per-device or shared connections
 * @param connectionsPerTenant in shared mode, connections per tenant (≥ 1); ignored per device
 * @param mix                  event type shares
 * @param seed                 seeds payload values (per device)
 * @param maxInflight          Paho's in-flight window per connection (≥ 1000, ≤ 65535)
 * @param endToEnd             subscribe to {@code SiteWhere/<tenant>/output/mqtt1} and time echoes ({@code mqtt.e2e})
 * @param reconnectMin         first reconnect delay after a connection loss
 * @param reconnectMax         cap of the doubling reconnect delay
 * @param schedulerThreads     threads that start events (devices are split over them by index; ≥ 1)
 * @param client               the client library of the publishing connections (the echo subscriber is Paho's)
 */
public record FleetConfig(URI brokerUri, List<TenantDevices> tenants, IntendedStarts.PerDevice schedules,
                          Duration loadUntil, int qos, ConnectionMode mode, int connectionsPerTenant, EventMix mix,
                          long seed, int maxInflight, boolean endToEnd, Duration reconnectMin, Duration reconnectMax,
                          int schedulerThreads, MqttClientKind client) {

    public FleetConfig {
        Objects.requireNonNull(brokerUri, "brokerUri");
        if (!"tcp".equals(brokerUri.getScheme()) || brokerUri.getHost() == null || brokerUri.getPort() < 0) {
            throw new IllegalArgumentException("brokerUri '" + brokerUri + "' must be tcp://host:port");
        }
        tenants = List.copyOf(tenants);
        Set<String> names = new HashSet<>();
        for (TenantDevices t : tenants) {
            if (!names.add(t.tenant())) {
                throw new IllegalArgumentException("tenant '" + t.tenant() + "' appears twice");
            }
        }
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(loadUntil, "loadUntil");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos (" + qos + ") must be 0, 1 or 2");
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(client, "client");
        if (connectionsPerTenant < 1) {
            throw new IllegalArgumentException("connectionsPerTenant (" + connectionsPerTenant + ") must be >= 1");
        }
        Objects.requireNonNull(mix, "mix");
        if (maxInflight < 1000 || maxInflight > 65535) {
            throw new IllegalArgumentException("maxInflight (" + maxInflight + ") must be within [1000, 65535]");
        }
        if (schedulerThreads < 1) {
            throw new IllegalArgumentException("schedulerThreads (" + schedulerThreads + ") must be >= 1");
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect delays (" + reconnectMin + " .. " + reconnectMax
                    + ") must satisfy 0 < min <= max");
        }
    }

    /**
     * Defaults: QoS 1, per-device connections on the scenarios' default client ({@link Defaults#MQTT_CLIENT}), the
     * default mix, seed 42, end-to-end timing on.
     */
    public static FleetConfig of(URI brokerUri, List<TenantDevices> tenants, IntendedStarts.PerDevice schedules,
                                 Duration loadUntil) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, 1, ConnectionMode.PER_DEVICE, 1,
                EventMix.DEFAULT, 42, 1000, true, Duration.ofMillis(100), Duration.ofSeconds(5), 1,
                Defaults.MQTT_CLIENT);
    }

    public FleetConfig withMode(ConnectionMode newMode, int newConnectionsPerTenant) {
        int inflight = newMode == ConnectionMode.SHARED ? 65535 : maxInflight;
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, qos, newMode, newConnectionsPerTenant, mix,
                seed, inflight, endToEnd, reconnectMin, reconnectMax, schedulerThreads, client);
    }

    public FleetConfig withQos(int newQos) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, newQos, mode, connectionsPerTenant, mix,
                seed, maxInflight, endToEnd, reconnectMin, reconnectMax, schedulerThreads, client);
    }

    public FleetConfig withMix(EventMix newMix) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, qos, mode, connectionsPerTenant, newMix,
                seed, maxInflight, endToEnd, reconnectMin, reconnectMax, schedulerThreads, client);
    }

    public FleetConfig withSeed(long newSeed) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, qos, mode, connectionsPerTenant, mix,
                newSeed, maxInflight, endToEnd, reconnectMin, reconnectMax, schedulerThreads, client);
    }

    public FleetConfig withEndToEnd(boolean on) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, qos, mode, connectionsPerTenant, mix,
                seed, maxInflight, on, reconnectMin, reconnectMax, schedulerThreads, client);
    }

    public FleetConfig withMaxInflight(int newMaxInflight) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, qos, mode, connectionsPerTenant, mix,
                seed, newMaxInflight, endToEnd, reconnectMin, reconnectMax, schedulerThreads, client);
    }

    public FleetConfig withReconnect(Duration min, Duration max) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, qos, mode, connectionsPerTenant, mix,
                seed, maxInflight, endToEnd, min, max, schedulerThreads, client);
    }

    public FleetConfig withSchedulerThreads(int threads) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, qos, mode, connectionsPerTenant, mix,
                seed, maxInflight, endToEnd, reconnectMin, reconnectMax, threads, client);
    }

    public FleetConfig withClient(MqttClientKind newClient) {
        return new FleetConfig(brokerUri, tenants, schedules, loadUntil, qos, mode, connectionsPerTenant, mix,
                seed, maxInflight, endToEnd, reconnectMin, reconnectMax, schedulerThreads, newClient);
    }

    /** Devices over all tenants. */
    public int deviceCount() {
        return tenants.stream().mapToInt(t -> t.devices().size()).sum();
    }
}
