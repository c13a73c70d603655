package io.contmig.load.mqtt;

import java.util.List;

/**
 * Opens, connects and closes the fleet's publishing {@link MqttLink}s with one client library, and owns what they
 * share (Paho: the fleet's timer thread; HiveMQ: one Netty event loop group). A factory only ever receives back the
 * links it opened. Called from the fleet's controlling thread.
 */
interface MqttLinks {

    /** A new link (not yet connected) with its own MQTT client id. */
    MqttLink open(String clientId) throws FleetException;

    /**
     * Connects every link and waits until all are up (in windows, so a per-device fleet does not flood the broker).
     *
     * @throws FleetException naming the broker and the first reason (refused, unreachable, timed out)
     */
    void connectAll(List<MqttLink> links) throws FleetException;

    /**
     * Disconnects every link cleanly (in-flight work gets a short grace) and stops reconnecting them; frees what the
     * links share once the last is closed. Never throws.
     */
    void closeAll(List<MqttLink> links);
}
