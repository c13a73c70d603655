package io.contmig.sandbox.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The last {@code capacity} MQTT payloads a tenant's event source forwarded to Kafka, compared by content: a
 * message the broker redelivers (DUP flag) after a subscriber hand-over is dropped when it was already forwarded.
 * Only DUP-flagged messages are checked, so two identical fresh publishes both pass. Thread-safe (monitor).
 */
final class RecentPayloads {

    private final int capacity;
    private final Set<ByteBuffer> seen = new HashSet<>();
    private final ArrayDeque<ByteBuffer> order = new ArrayDeque<>();

    RecentPayloads(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(byte[] payload) {
        ByteBuffer key = ByteBuffer.wrap(payload);
        if (seen.add(key)) {
            order.addLast(key);
            if (order.size() > capacity) {
                seen.remove(order.removeFirst());
            }
        }
    }

    synchronized boolean contains(byte[] payload) {
        return seen.contains(ByteBuffer.wrap(payload));
    }
}
