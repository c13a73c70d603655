package io.contmig.sandbox.pipeline;

/**
 * The writes a {@link ConsumerLoop} batch started and that are still being acknowledged (Kafka acks, MQTT PUBACKs).
 * The loop processes its next batch meanwhile and commits a batch's offsets only after {@link #await} returned.
 * Implementations are called on the loop's thread only.
 */
@FunctionalInterface
interface PendingWrites {

    /** A batch that wrote nothing (or waited for its writes already). */
    PendingWrites NONE = () -> { };

    /**
     * Waits until every write is acknowledged, then does what the batch does on success (its counters). Throws when
     * a write failed: the loop then rewinds to the batch and processes it again.
     */
    void await() throws Exception;
}
