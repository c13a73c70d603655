package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.servers.influx.InfluxClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the points of one database from a source server to a target server by time range: for each time chunk
 * and measurement, {@code SELECT * ... WHERE time >= a AND time < b} streamed from the source, re-written as line
 * protocol ({@link LineProtocol}) and written to the target in batches, paced by a {@link PointPacer}.
 *
 * <p>Where the time goes (measured by {@code InfluxCopyBench}): the source's JSON query answers, not the writes —
 * one stream read 40k points/s locally and 15k points/s across a 20 ms WAN, where each chunked answer waits on the
 * round trip and the reader on the writes between chunks. So {@code parallelism} chunks are copied at once, each
 * by its own worker that streams, converts and writes (InfluxDB serves concurrent queries and writes on all its
 * cores); a range shorter than {@code parallelism} chunks is split in that many slices so that it still overlaps.
 *
 * <p>Copying is idempotent: a point with the same measurement, tag set and time overwrites itself, so ranges may
 * overlap dual-written points. One {@link #copy} at a time; {@link #copied()} may be read from any thread. An I/O
 * failure of either server ends the copy with that {@link IOException} (the other workers are interrupted and
 * awaited first); what was written stays on the target (the caller's heal drops it).
 */
final class InfluxRangeCopy {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxRangeCopy.class);

    private final InfluxClient source;
    private final InfluxClient target;
    private final String database;
    private final int batchSize;
    private final String precision;
    private final PointPacer pacer;
    private final int parallelism;
    private final AtomicLong copied = new AtomicLong();

    InfluxRangeCopy(InfluxClient source, InfluxClient target, String database, int batchSize,
                    double pointsPerSecond, String precision, int parallelism) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.database = Objects.requireNonNull(database, "database");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
        }
        this.batchSize = batchSize;
        this.precision = precision;
        this.pacer = new PointPacer(pointsPerSecond);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism (" + parallelism + ") must be >= 1");
        }
        this.parallelism = parallelism;
    }

    /** Points written to the target so far. */
    long copied() {
        return copied.get();
    }

    /** The time of the earliest point of any measurement on the source, in epoch nanoseconds. */
    Optional<Long> firstTime(List<MeasurementSchema> schemas) throws IOException {
        return edgeTime(schemas, "ASC");
    }

    /** The time of the latest point of any measurement on the source, in epoch nanoseconds. */
    Optional<Long> lastTime(List<MeasurementSchema> schemas) throws IOException {
        return edgeTime(schemas, "DESC");
    }

    private Optional<Long> edgeTime(List<MeasurementSchema> schemas, String order) throws IOException {
        Optional<Long> edge = Optional.empty();
        for (MeasurementSchema s : schemas) {
            List<JsonNode> rows = source.rows(database, "SELECT * FROM " + InfluxQl.identifier(s.measurement())
                    + " ORDER BY time " + order + " LIMIT 1");
            if (!rows.isEmpty()) {
                long t = rows.get(0).path(0).asLong();
                edge = Optional.of(edge.map(e -> order.equals("ASC") ? Math.min(e, t) : Math.max(e, t)).orElse(t));
            }
        }
        return edge;
    }

    /**
     * Copies every point with {@code fromNanos <= time < toNanos}, at most {@code chunk} of time per query and
     * {@code parallelism} queries at once; returns the number of points written. Workers check for interruption
     * between batches; an interruption of the caller interrupts them.
     */
    long copy(List<MeasurementSchema> schemas, long fromNanos, long toNanos, Duration chunk)
            throws IOException, InterruptedException {
        long span = toNanos - fromNanos;
        long step = Math.max(1, Math.min(chunk.toNanos(), span / parallelism + 1));
        List<Callable<Long>> tasks = new ArrayList<>();
        for (long a = fromNanos; a < toNanos; ) {
            long b = toNanos - a <= step ? toNanos : a + step;
            for (MeasurementSchema schema : schemas) {
                long from = a;
                tasks.add(() -> copyChunk(schema, from, b));
            }
            a = b;
        }
        if (tasks.size() == 1 || parallelism == 1) {
            long written = 0;
            for (Callable<Long> task : tasks) {
                written += call(task);
            }
            return written;
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()), r -> {
            Thread t = new Thread(r, "influx-copy-" + database);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (Callable<Long> task : tasks) {
                futures.add(workers.submit(task));
            }
            long written = 0;
            for (Future<Long> f : futures) {
                try {
                    written += f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof InterruptedException ie) {
                        throw ie;
                    }
                    throw new IOException("copy of " + database + " failed: " + cause, cause);
                }
            }
            return written;
        } finally {
            workers.shutdownNow();
            // Nothing may write to the target after copy returns or throws (the caller may switch or drop it).
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("copy of {}: waiting for workers to stop", database);
            }
        }
    }

    private static long call(Callable<Long> task) throws IOException, InterruptedException {
        try {
            return task.call();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private long copyChunk(MeasurementSchema schema, long a, long b) throws IOException, InterruptedException {
        String select = "SELECT * FROM " + InfluxQl.identifier(schema.measurement()) + " WHERE "
                + InfluxQl.timeRange(a, b);
        List<String> batch = new ArrayList<>(batchSize);
        long[] written = {0};
        try {
            source.stream(database, select, batchSize, series -> {
                for (String line : LineProtocol.lines(series, schema, precision)) {
                    batch.add(line);
                    if (batch.size() >= batchSize) {
                        written[0] += flush(batch);
                    }
                }
            });
        } catch (InterruptedIOException e) {
            throw (InterruptedException) new InterruptedException(e.getMessage()).initCause(e);
        }
        written[0] += flush(batch);
        return written[0];
    }

    private long flush(List<String> batch) throws IOException {
        if (batch.isEmpty()) {
            return 0;
        }
        int n = batch.size();
        target.write(database, batch, precision);
        batch.clear();
        copied.addAndGet(n);
        try {
            pacer.paced(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("copy of " + database + " interrupted");
        }
        return n;
    }

    /** An interruption carried through the streaming callback, which may only throw {@link IOException}. */
    private static final class InterruptedIOException extends IOException {
        InterruptedIOException(String message) {
            super(message);
        }
    }
}
