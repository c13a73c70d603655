package io.contmig.sandbox.routing;

import io.contmig.target.Store;

/**
 * What the pipeline does when the routing changes: called synchronously by {@link SandboxRouting}, so that a
 * switch or block has taken effect on the pipeline's clients when the routing call returns.
 *
 * <p>Implementations must be thread-safe; an exception propagates to the routing caller (the injector).
 */
public interface RoutingListener {

    /** {@code store} of {@code tenant} moved from site {@code from} to site {@code to}: reconnect its clients. */
    void switched(String tenant, Store store, String from, String to) throws InterruptedException;

    /** Commits the positions of the tenant's Kafka consumers and pauses them; returns once they are paused. */
    void pauseKafkaConsumers(String tenant) throws InterruptedException;

    /** Resumes the tenant's Kafka consumers (on the site now serving its Kafka topics). Harmless if not paused. */
    void resumeKafkaConsumers(String tenant);
}
