package io.contmig.testkit;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Waits for a real condition with a deadline, instead of a bare {@code Thread.sleep}: polls the condition (every
 * 10 ms at first, backing off to 100 ms) until it holds or the deadline passes, then fails with an
 * {@link AssertionError} that says what was awaited, for how long, what was last seen and the last exception the
 * condition threw.
 *
 * <pre>{@code
 * Await.until("consumer caught up", Duration.ofSeconds(60), () -> consumer.records() >= 5_000,
 *         () -> consumer.records() + " records");
 * }</pre>
 *
 * <p>A condition that throws counts as "not yet" (a server still starting often answers with an exception); its
 * last exception is the failure's cause. Stateless and thread-safe. An interrupt ends the wait with
 * {@link InterruptedException} (the flag is not kept: the exception carries it).
 */
public final class Await {

    private static final long FIRST_POLL_NANOS = Duration.ofMillis(10).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofMillis(100).toNanos();

    private Await() {
    }

    /** A condition that may throw while the thing it observes is not ready. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds, at most {@code timeout}. */
    public static void until(String what, Duration timeout, Condition condition) throws InterruptedException {
        until(what, timeout, condition, () -> "");
    }

    /**
     * Waits until {@code condition} holds, at most {@code timeout}; on timeout the message includes
     * {@code lastSeen.get()} (e.g. a count), evaluated once, when the wait fails.
     */
    public static void until(String what, Duration timeout, Condition condition, Supplier<?> lastSeen)
            throws InterruptedException {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(condition, "condition");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout (" + timeout + ") must be > 0");
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long poll = FIRST_POLL_NANOS;
        Exception lastError = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastError = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(what, System.nanoTime() - start, lastSeen, lastError);
            }
            // Sleeping between polls of a real condition: the thing observed runs on other threads or processes.
            Thread.sleep(Duration.ofNanos(Math.min(poll, left)).toMillis(), 0);
            poll = Math.min(poll * 2, MAX_POLL_NANOS);
        }
    }

    private static AssertionError timedOut(String what, long waitedNanos, Supplier<?> lastSeen, Exception lastError) {
        StringBuilder message = new StringBuilder(String.format(Locale.ROOT, "timed out after %.1f s waiting for %s",
                waitedNanos / 1e9, what));
        String seen = String.valueOf(lastSeen.get());
        if (!seen.isEmpty()) {
            message.append("; last seen: ").append(seen);
        }
        if (lastError != null) {
            message.append("; last error: ").append(lastError);
        }
        AssertionError error = new AssertionError(message.toString());
        if (lastError != null) {
            error.initCause(lastError);
        }
        return error;
    }
}
