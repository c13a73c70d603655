package io.contmig.target;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gate every write of one tenant to one store passes: the primitive behind {@link TenantRouting#blockWrites}.
 * Open, it only counts writes in flight. Closed by {@link #block}, new writes wait until every block is closed or
 * until the latest block's {@code maxWait} runs out, and then fail with {@link WriteBlockedException} (the writer
 * records it — a write never silently disappears). Blocks nest: the gate opens when the last one is closed.
 *
 * <p>Thread-safe. A writer calls {@link #enter} (or a successful {@link #tryEnter}) then, exactly once,
 * {@link #exit} — also when its write failed. The longest time a block was held is kept ({@link #longestBlock}),
 * so measurements can report how long writes were stopped.
 */
public final class WriteGate {

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int inFlight;
    private int blocks;
    private Duration maxWait = Duration.ZERO;
    private long longestBlockNanos;

    /** A gate named {@code name} (e.g. {@code acme/kafka}), used in error messages. */
    public WriteGate(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Admits one write: returns at once when the gate is open, else waits for it to open, at most the latest
     * block's {@code maxWait}, then throws {@link WriteBlockedException}.
     */
    public void enter() throws InterruptedException {
        lock.lock();
        try {
            if (blocks > 0) {
                long leftNanos = maxWait.toNanos();
                while (blocks > 0) {
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
            while (blocks > 0) {
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

    /** Ends a write admitted by {@link #enter} or {@link #tryEnter}. */
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
     * Closes the gate: new writes wait (at most {@code maxWaitForWriters}, which may be zero: they then fail at
     * once); returns once every write in flight has exited. When they did not within {@code drainTimeout}, or the
     * caller is interrupted, the block is undone and {@link IllegalStateException} (or the interrupt) is thrown.
     *
     * @return the block; closing it (once; later calls are harmless) opens the gate unless other blocks remain
     */
    public TenantRouting.WriteBlock block(Duration maxWaitForWriters, Duration drainTimeout)
            throws InterruptedException {
        if (maxWaitForWriters.isNegative() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("maxWaitForWriters (" + maxWaitForWriters + ") and drainTimeout ("
                    + drainTimeout + ") must be >= 0");
        }
        lock.lock();
        try {
            blocks++;
            maxWait = maxWaitForWriters;
            try {
                long leftNanos = drainTimeout.toNanos();
                while (inFlight > 0) {
                    if (leftNanos <= 0) {
                        throw new IllegalStateException(String.format(Locale.ROOT,
                                "%s: %d write(s) still in flight after %d ms; block not taken", name, inFlight,
                                drainTimeout.toMillis()));
                    }
                    leftNanos = changed.awaitNanos(leftNanos);
                }
            } catch (InterruptedException | RuntimeException e) {
                blocks--;
                changed.signalAll();
                throw e;
            }
        } finally {
            lock.unlock();
        }
        long since = System.nanoTime();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                release(System.nanoTime() - since);
            }
        };
    }

    private void release(long heldNanos) {
        lock.lock();
        try {
            blocks--;
            longestBlockNanos = Math.max(longestBlockNanos, heldNanos);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the gate is closed now. */
    public boolean isBlocked() {
        lock.lock();
        try {
            return blocks > 0;
        } finally {
            lock.unlock();
        }
    }

    /** How long writers wait at the closed gate before their write fails (the latest block's bound). */
    public Duration maxWait() {
        lock.lock();
        try {
            return maxWait;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the gate is open, at most {@code timeout}; returns whether it is open. */
    public boolean awaitOpen(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long leftNanos = timeout.toNanos();
            while (blocks > 0 && leftNanos > 0) {
                leftNanos = changed.awaitNanos(leftNanos);
            }
            return blocks == 0;
        } finally {
            lock.unlock();
        }
    }

    /** The longest time a block of this gate was held so far (zero when none was closed yet). */
    public Duration longestBlock() {
        lock.lock();
        try {
            return Duration.ofNanos(longestBlockNanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "WriteGate[" + name + "]";
    }
}
