package io.contmig.load.mqtt;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes a connection may have unacknowledged. When it is full the broker is not keeping up: the fleet fails the
 * event at once (an open model never waits), instead of letting the client queue without bound or refuse with an
 * exception. Thread-safe.
 */
final class InflightWindow {

    private final int size;
    private final AtomicInteger used = new AtomicInteger();

    InflightWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("in-flight window (" + size + ") must be >= 1");
        }
        this.size = size;
    }

    /** Takes one slot; false when the window is full. A taken slot is given back by {@link #release()}. */
    boolean tryAcquire() {
        if (used.incrementAndGet() > size) {
            used.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        used.decrementAndGet();
    }
}
