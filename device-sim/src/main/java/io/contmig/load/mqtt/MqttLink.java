package io.contmig.load.mqtt;

/**
 * One publishing MQTT connection of the fleet — a device's own, or one shared by several — whatever the client
 * library ({@link PahoLinks}, {@link HiveMqLinks}). After a loss it reconnects by itself (doubling delay from the
 * fleet's {@code reconnectMin} up to {@code reconnectMax}) until closed; while it is down, {@link #isConnected()}
 * is false and the fleet records the intended events as failures.
 *
 * <p>Thread-safe: scheduler threads publish, the library's threads complete.
 */
interface MqttLink {

    boolean isConnected();

    /** The in-flight window the fleet takes a slot of before each publish. */
    InflightWindow window();

    /**
     * Hands a publish to the client library. True when it took it: {@code completion} then learns exactly once of the
     * PUBACK (QoS ≥ 1) or of the failure, on a library thread. False when the library refused it at once: nothing
     * left the client and {@code completion} is never called.
     */
    boolean publish(String topic, byte[] payload, int qos, PublishCompletion completion);
}
