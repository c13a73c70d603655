package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.servers.influx.InfluxClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the points of one database from a source server to a target server by time range, as a pipeline:
 * {@code parallelism} readers each take time slices (one measurement, at most {@code chunk} of time) and stream
 * {@code SELECT * ... WHERE time >= a AND time < b GROUP BY *} from the source, turning the rows into line-protocol
 * request bodies ({@link LineProtocol}) as they arrive; a bounded queue ({@code 2 × parallelism} bodies) hands them
 * to {@code parallelism} writers that post them to the target, paced by a {@link PointPacer}.
 *
 * <p>Why this shape (measured by {@code InfluxCopyBench}, 20 ms one way): each query pays a 40 ms round trip before
 * its first row and the answer's JSON costs more CPU than the line protocol written from it. With reads and writes
 * in the same thread, a reader stalls while its batch is written and a writer while the next rows come in; as a
 * pipeline, both servers and the copier's JSON parsing work at once on every core, several queries hide each
 * other's round trips, and the queue bounds the memory (a reader blocks when the writers are behind, which is also
 * how the pacer's throttle reaches the reads). {@code GROUP BY *} sends each series' tags once per chunk instead of
 * once per row and spares the source merging all series by time. Short slices are dear: every query decodes the
 * whole storage blocks (up to 1,000 points of a series) its range touches, so 10 min slices of a 6 h history cost
 * the source 3.3 CPU s per 200k points against 1.4 at 1 h (2026-12-03); hence the 1 h default of {@code chunk}.
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
    private final String targetDatabase;
    private final int batchSize;
    private final String precision;
    private final PointPacer pacer;
    private final int parallelism;
    private final AtomicLong copied = new AtomicLong();

    InfluxRangeCopy(InfluxClient source, InfluxClient target, String database, int batchSize,
                    double pointsPerSecond, String precision, int parallelism) {
        this(source, target, database, database, batchSize, pointsPerSecond, precision, parallelism);
    }

    /** A copy from {@code database} at the source into {@code targetDatabase} at the target (which must exist). */
    InfluxRangeCopy(InfluxClient source, InfluxClient target, String database, String targetDatabase, int batchSize,
                    double pointsPerSecond, String precision, int parallelism) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.database = Objects.requireNonNull(database, "database");
        this.targetDatabase = Objects.requireNonNull(targetDatabase, "targetDatabase");
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
     * Copies every point with {@code fromNanos <= time < toNanos}, at most {@code chunk} of time per query, through
     * {@code parallelism} readers and as many writers; returns the number of points written. An interruption of
     * the caller interrupts the workers; every worker has stopped when this returns or throws.
     */
    long copy(List<MeasurementSchema> schemas, long fromNanos, long toNanos, Duration chunk)
            throws IOException, InterruptedException {
        long span = toNanos - fromNanos;
        // At most `chunk` per slice, and a multiple of `parallelism` slices so that the readers finish together.
        long count = Math.max(1, (span + chunk.toNanos() - 1) / chunk.toNanos());
        count = (count + parallelism - 1) / parallelism * parallelism;
        long step = Math.max(1, (span + count - 1) / count);
        Queue<Slice> slices = new ConcurrentLinkedQueue<>();
        for (long a = fromNanos; a < toNanos; ) {
            long b = toNanos - a <= step ? toNanos : a + step;
            for (MeasurementSchema schema : schemas) {
                slices.add(new Slice(schema, a, b));
            }
            a = b;
        }
        int readers = Math.min(parallelism, slices.size());
        if (readers == 0) {
            return 0;
        }
        BlockingQueue<LineProtocol.Batch> batches = new ArrayBlockingQueue<>(2 * parallelism);
        AtomicBoolean readersDone = new AtomicBoolean();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(readers + parallelism, r -> {
            Thread t = new Thread(r, "influx-copy-" + database);
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<Void> done = new ExecutorCompletionService<>(workers);
            for (int i = 0; i < readers; i++) {
                done.submit(() -> read(slices, batches, stopping));
            }
            for (int i = 0; i < parallelism; i++) {
                done.submit(() -> write(batches, readersDone, written));
            }
            for (int finished = 0; finished < readers + parallelism; finished++) {
                await(done.take());
                // Writers only end once this flag is set (or by failing, which await throws), so the first
                // completions are the readers'; after the last of them, the writers drain the queue and end.
                if (finished + 1 == readers) {
                    readersDone.set(true);
                }
            }
            return written.get();
        } finally {
            stopping.set(true);
            workers.shutdownNow();
            // Nothing may write to the target after copy returns or throws (the caller may switch or drop it).
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("copy of {}: waiting for workers to stop", database);
            }
        }
    }

    /**
     * A reader: takes slices until none is left, streams each and queues its batches (waiting while the queue is
     * full). It also checks {@code stopping} while it waits: the interrupt that stops it may land inside the HTTP
     * client's read, which does not always pass it on, and with the writers gone the queue would never drain.
     */
    private Void read(Queue<Slice> slices, BlockingQueue<LineProtocol.Batch> batches, AtomicBoolean stopping)
            throws Exception {
        Slice slice;
        while ((slice = slices.poll()) != null) {
            LineProtocol encoder = new LineProtocol(slice.schema(), precision, batchSize, batch -> {
                try {
                    while (!batches.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                        if (stopping.get()) {
                            throw new InterruptedException();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("copy of " + database + " interrupted");
                }
            });
            // GROUP BY *: tags once per series instead of once per row, and no merge of series by time.
            source.streamRows(database, "SELECT * FROM " + InfluxQl.identifier(slice.schema().measurement())
                    + " WHERE " + InfluxQl.timeRange(slice.fromNanos(), slice.toNanos()) + " GROUP BY *",
                    batchSize, encoder);
            encoder.finish();
        }
        return null;
    }

    /** A writer: writes queued batches to the target, paced, until the readers are done and the queue is empty. */
    private Void write(BlockingQueue<LineProtocol.Batch> batches, AtomicBoolean readersDone, AtomicLong written)
            throws Exception {
        while (true) {
            // Readers-done is read before polling: a batch queued before the flag was set is still taken.
            boolean last = readersDone.get();
            LineProtocol.Batch batch = batches.poll(20, TimeUnit.MILLISECONDS);
            if (batch == null) {
                if (last) {
                    return null;
                }
                continue;
            }
            target.write(targetDatabase, batch.body(), batch.points(), precision);
            copied.addAndGet(batch.points());
            written.addAndGet(batch.points());
            pacer.paced(batch.points());
        }
    }

    private static void await(Future<Void> finished) throws IOException, InterruptedException {
        try {
            finished.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedIOException) {
                throw (InterruptedException) new InterruptedException(cause.getMessage()).initCause(cause);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException("copy failed: " + cause, cause);
        }
    }

    /** One query's worth: a measurement's points with {@code fromNanos <= time < toNanos}. */
    private record Slice(MeasurementSchema schema, long fromNanos, long toNanos) {
    }
}
