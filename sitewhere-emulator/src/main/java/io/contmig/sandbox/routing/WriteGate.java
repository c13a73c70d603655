package io.contmig.sandbox.routing;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gate every write of one tenant to one store passes: open, it only counts writes in flight; closed by
 * {@link #block}, new writes wait until {@link #release} or until the block's bounded wait runs out, and then fail
 * with {@link WriteBlockedException} (the caller records it and retries — a write never silently disappears).
 *
 * <p>Thread-safe. A writer calls {@link #enter} then, exactly once, {@link #exit} (also when its write failed).
 */
public final class WriteGate {

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int inFlight;
    private boolean blocked;
    private Duration maxWait = Duration.ZERO;

    /** A gate named {@code name} (e.g. {@code acme/kafka}), used in error messages. */
    public WriteGate(String name) {
        this.name = name;
    }

    /**
     * Admits one write: returns at once when the gate is open, else waits for it to open, at most the block's
     * {@code maxWait}, then throws.
     */
    public void enter() throws WriteBlockedException, InterruptedException {
        lock.lock();
        try {
            if (blocked) {
                long leftNanos = maxWait.toNanos();
                while (blocked) {
                    if (leftNanos <= 0) {
                        throw new WriteBlockedException(String.format(Locale.ROOT,
                                "%s: writes blocked for more than %d ms (a store switch is in progress)",
                                name, maxWait.toMillis()));
                    }
                    leftNanos = changed.awaitNanos(leftNanos);
                }
            }
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Admits one write if the gate is open now or opens within {@code wait}; returns false otherwise (nothing to
     * exit then). For writers that must stay responsive to their own shutdown while a block lasts.
     */
    public boolean tryEnter(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long leftNanos = wait.toNanos();
            while (blocked) {
                if (leftNanos <= 0) {
                    return false;
                }
                leftNanos = changed.awaitNanos(leftNanos);
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How long writers wait at the closed gate before their write fails (the current block's bound). */
    public Duration maxWait() {
        lock.lock();
        try {
            return maxWait;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a write admitted by {@link #enter}. */
    public void exit() {
        lock.lock();
        try {
            if (inFlight > 0) {
                inFlight--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the gate: new writes wait (at most {@code maxWaitForWriters}); returns once every write in flight has
     * exited, or throws {@link IllegalStateException} when they did not within {@code drainTimeout}.
     */
    public void block(Duration maxWaitForWriters, Duration drainTimeout) throws InterruptedException {
        lock.lock();
        try {
            blocked = true;
            maxWait = maxWaitForWriters;
            long leftNanos = drainTimeout.toNanos();
            while (inFlight > 0) {
                if (leftNanos <= 0) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "%s: %d writes still in flight after %d ms", name, inFlight, drainTimeout.toMillis()));
                }
                leftNanos = changed.awaitNanos(leftNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Opens the gate; waiting writers proceed. Harmless when open. */
    public void release() {
        lock.lock();
        try {
            blocked = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the gate is closed now. */
    public boolean isBlocked() {
        lock.lock();
        try {
            return blocked;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the gate is open, at most {@code timeout}; returns whether it is open. */
    public boolean awaitOpen(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long leftNanos = timeout.toNanos();
            while (blocked && leftNanos > 0) {
                leftNanos = changed.awaitNanos(leftNanos);
            }
            return !blocked;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "WriteGate[" + name + "]";
    }
}
