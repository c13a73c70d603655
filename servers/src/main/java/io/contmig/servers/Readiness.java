package io.contmig.servers;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Polls a real readiness probe (a query, a handshake, an admin call) until it answers or a deadline passes.
 * Stateless, thread-safe. Fails fast when the server process dies while being waited for.
 */
final class Readiness {
    private static final long POLL_MILLIS = 25;

    private Readiness() {
    }

    /**
     * Calls {@code probe} until it returns a non-null value, which is returned.
     *
     * @param what     what is awaited, for the message ("postgres-cloud accepting JDBC connections")
     * @param timeout  deadline measured from now
     * @param probe    returns non-null when ready; null or an exception means "not yet"
     * @param death    returns a non-null description when waiting is pointless (process exited), else null
     * @throws ServerException on deadline or death, quoting the last probe failure
     */
    static <T> T await(String what, Duration timeout, Callable<T> probe, Supplier<String> death) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerException("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            String died = death.get();
            if (died != null) {
                throw new ServerException(what + ": " + died + lastFailure(last));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ServerException(what + ": not ready within " + timeout + lastFailure(last));
            }
            try {
                // Polling interval of a real probe, not a stand-in for waiting.
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static String lastFailure(Exception last) {
        return last == null ? "" : " (last probe failure: " + last + ")";
    }
}
