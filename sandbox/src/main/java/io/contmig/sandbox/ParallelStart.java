package io.contmig.sandbox;

import io.contmig.servers.ManagedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the sandbox's servers in parallel, one thread each, and waits until each is ready or the start timeout
 * (counted for all together) has passed.
 *
 * <p>Stateless. When any server fails or is late, it throws one {@link IllegalStateException} with a line per such
 * server (its name and the messages of the cause chain); it stops nothing: the caller closes what was started.
 */
final class ParallelStart {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelStart.class);

    private ParallelStart() {
    }

    /** Starts {@code servers}; answers each one's start time (launch to first real answer) by server name. */
    static Map<String, Duration> startAll(List<ManagedServer> servers, Duration timeout) {
        Map<String, Duration> startupTimes = new LinkedHashMap<>();
        ExecutorService starter = Executors.newFixedThreadPool(servers.size(), r -> {
            Thread t = new Thread(r, "contmig-sandbox-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<ManagedServer, Future<?>> started = new LinkedHashMap<>();
            for (ManagedServer server : servers) {
                started.put(server, starter.submit(server::start));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<ManagedServer, Future<?>> e : started.entrySet()) {
                try {
                    e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    startupTimes.put(e.getKey().name(), e.getKey().startupTime());
                } catch (ExecutionException ex) {
                    String why = causes(ex.getCause());
                    failures.add(why.startsWith(e.getKey().name() + ":") ? why : e.getKey().name() + ": " + why);
                    // The exception thrown below says it all; the trace is for debugging only.
                    LOG.debug("{} failed to start", e.getKey().name(), ex.getCause());
                } catch (TimeoutException ex) {
                    failures.add(e.getKey().name() + ": not ready within " + timeout.toSeconds() + " s");
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("sandbox servers failed to start:\n  " + String.join("\n  ", failures));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the sandbox servers", e);
        } finally {
            starter.shutdownNow();
        }
        return startupTimes;
    }

    /** The messages of {@code t} and its causes, each once, joined with ": " (one line per failed server). */
    private static String causes(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 5; c = c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage().strip();
            // A file system exception's message is a bare path: its type says what happened to it.
            String text = c instanceof java.nio.file.FileSystemException || m.isEmpty()
                    ? (c.getClass().getSimpleName() + " " + m).strip() : m;
            if (parts.stream().noneMatch(p -> p.endsWith(text))) {
                parts.add(text);
            }
        }
        return String.join(": ", parts);
    }
}
