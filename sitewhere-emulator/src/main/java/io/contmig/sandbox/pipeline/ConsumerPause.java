package io.contmig.sandbox.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The pause switch of one tenant's Kafka consumers ({@code blockWrites(tenant, KAFKA)}): requested by the routing,
 * confirmed by each {@link ConsumerLoop} once it has committed its last batch and paused its partitions.
 * Thread-safe (monitor).
 */
final class ConsumerPause {

    private boolean requested;
    private final Set<Object> confirmed = new HashSet<>();

    synchronized boolean requested() {
        return requested;
    }

    synchronized void confirm(Object loop) {
        if (requested && confirmed.add(loop)) {
            notifyAll();
        }
    }

    /** Requests the pause and waits until every one of {@code loops} confirmed it, at most {@code timeout}. */
    synchronized void request(Collection<?> loops, Duration timeout) throws InterruptedException {
        requested = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!confirmed.containsAll(loops)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%d of %d Kafka consumers did not pause within %d ms", loops.size() - confirmed.size(),
                        loops.size(), timeout.toMillis()));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized void release() {
        requested = false;
        confirmed.clear();
        notifyAll();
    }
}
