package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes a {@link SampleRecorder}'s interval histograms to {@code latency.hlog} every second, in HdrHistogram's
 * standard interval-log format. {@code StartTime} and {@code BaseTime} are both the wall-clock time of t=0, so that
 * interval timestamps read as seconds since t=0 and HdrHistogram's own tools ({@code HistogramLogProcessor}) read
 * the log: with {@code BaseTime: 0} and run-relative timestamps, as earlier versions wrote, the library takes the
 * timestamps for absolute ones, lying decades before the start time, and skips every interval.
 *
 * <p>Besides the interval histograms of every tag (and of every phase epoch, see {@link SampleRecorder}), each flush
 * writes the success gaps settled by then ({@link #GAP_SUFFIX}): one-value histograms whose start and end are the
 * intended starts of two consecutive successes, at millisecond resolution, for sub-second downtime.
 *
 * <p>One flushing thread (daemon) started by {@link #start()}; {@link #close()} stops it and writes the final,
 * partial interval. Intervals in which a tag had no sample are not written: absence means "no sample".
 * An I/O failure while flushing is kept and rethrown by {@link #close()}.
 */
public final class LatencyLogWriter implements Closeable {

    /**
     * The comment line (after {@code #}) declaring that the log carries epoch tags ({@code <tag>#<µs>}, see
     * {@link SampleRecorder}) for every epoch in which an injection ran, so that phases are exact. HdrHistogram's
     * reader ignores it.
     */
    public static final String PHASE_ATTRIBUTION_HEADER =
            "[PhaseAttribution: intended-start epochs, tags <tag>#<epoch start, microseconds since t=0>]";

    /** Tag suffix (before any {@code @<tenant>}) of the success-gap histograms; see {@link #writeGaps}. */
    public static final String GAP_SUFFIX = ".gap";

    /** Interval length. */
    public static final long INTERVAL_MILLIS = 1_000;

    /**
     * Tag suffix of the 100 ms histograms ({@code <tag>~100ms}, e.g. {@code mqtt.e2e@acme~100ms}, interval length
     * 0.1 s): written from {@link SampleRecorder#ZOOM_MARGIN_MICROS} before each injection starts until that long
     * after it ends, for every operation and tenant tag (not epoch tags), by completion time like the 1 s intervals.
     */
    public static final String FINE_SUFFIX = "~100ms";

    /** Fine interval length: the recorder is taken this often, and ten takes make a 1 s interval. */
    public static final long FINE_MILLIS = 100;
    private static final int FINE_PER_INTERVAL = (int) (INTERVAL_MILLIS / FINE_MILLIS);

    private final SampleRecorder recorder;
    private final RunClock clock;
    private final OutputStream out;
    private final HistogramLogWriter writer;
    private final ScheduledExecutorService flusher;
    /** Wall-clock epoch milliseconds of t=0: the log's start and base time. */
    private final long zeroEpochMillis;
    private long intervalStartMillis;
    private long fineStartMillis;
    /** The 1 s interval being summed from the fine takes, per tag. */
    private final Map<String, Histogram> pending = new LinkedHashMap<>();
    private final FineRing fine = new FineRing();
    /** Reused by every encoding of a fine histogram (flusher thread only). */
    private ByteBuffer encodeBuffer = ByteBuffer.allocate(0);
    private volatile IOException failure;
    private boolean closed;

    public LatencyLogWriter(Path file, SampleRecorder recorder, RunClock clock) throws IOException {
        this(Files.newOutputStream(file), recorder, clock);
    }

    public LatencyLogWriter(OutputStream out, SampleRecorder recorder, RunClock clock) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = new ErrorKeepingStream(Objects.requireNonNull(out, "out"));
        this.writer = new HistogramLogWriter(this.out);
        this.zeroEpochMillis = clock.wallClockAtZero().toEpochMilli();
        writeHeader(writer, zeroEpochMillis, recorder.attributesPhases());
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contmig-latency-log");
            t.setDaemon(true);
            return t;
        });
    }

    /** The header of a contmig latency log whose t=0 is {@code zeroEpochMillis}; also what {@link LatencyLogMerge} writes. */
    static void writeHeader(HistogramLogWriter writer, long zeroEpochMillis, boolean phaseAttribution) {
        writer.setBaseTime(zeroEpochMillis);
        writer.outputComment("contmig latency log: values in microseconds from intended start; tags <op>[.ko][@<tenant>]");
        writer.outputLogFormatVersion();
        writer.outputStartTime(zeroEpochMillis);
        writer.outputBaseTime(zeroEpochMillis);
        if (phaseAttribution) {
            writer.outputComment(PHASE_ATTRIBUTION_HEADER);
        }
        writer.outputLegend();
    }

    /** A success gap's one-value histogram (length clamped to the recorder's range), untagged and untimed. */
    static Histogram gapHistogram(long lengthMs) {
        Histogram h = new Histogram(1, SampleRecorder.HIGHEST_TRACKABLE_MICROS, 2);
        h.recordValue(Math.min(SampleRecorder.HIGHEST_TRACKABLE_MICROS, lengthMs * 1_000L));
        return h;
    }

    /**
     * Starts taking the recorder at each whole 100 ms of the run clock and writing the 1 s intervals at each whole
     * second. The first interval starts at t=0; samples recorded before t=0 fall into it.
     */
    public void start() {
        intervalStartMillis = 0;
        fineStartMillis = 0;
        long nowMillis = clock.nanos() / 1_000_000L;
        long firstDelay = Math.max(0, FINE_MILLIS - Math.floorMod(nowMillis, FINE_MILLIS));
        flusher.scheduleAtFixedRate(this::tickQuietly, firstDelay, FINE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tickQuietly() {
        try {
            synchronized (this) {
                long nowMillis = clock.nanos() / 1_000_000L;
                if (Math.floorMod(Math.round(nowMillis / (double) FINE_MILLIS), FINE_PER_INTERVAL) == 0) {
                    flush(false);
                } else if (!closed) {
                    takeFine(nowMillis);
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Takes the recorder for the 100 ms ending at {@code nowMillis}: adds it to the pending 1 s interval, and keeps
     * (or, around an injection, writes) its fine histograms.
     */
    private void takeFine(long nowMillis) {
        long endMillis = Math.max(fineStartMillis + 1, nowMillis);
        List<FineRing.Entry> slice = new ArrayList<>();
        for (Map.Entry<String, Histogram> e : recorder.takeIntervals().entrySet()) {
            Histogram h = e.getValue();
            if (h.getTotalCount() == 0) {
                continue;
            }
            if (e.getKey().indexOf(SampleRecorder.EPOCH_SEPARATOR) < 0) {
                slice.add(new FineRing.Entry(e.getKey() + FINE_SUFFIX, encode(h)));
            }
            Histogram sum = pending.get(e.getKey());
            if (sum == null) {
                pending.put(e.getKey(), h);
            } else {
                sum.add(h);
            }
        }
        fine.add(new FineRing.Slice(fineStartMillis, endMillis, slice));
        if (recorder.zooms(fineStartMillis * 1_000L)) {
            for (FineRing.Slice s : fine.drain()) {
                for (FineRing.Entry entry : s.entries()) {
                    write(entry.tag(), s.startMillis(), s.endMillis(), decode(entry.compressed()));
                }
            }
        } else {
            fine.forget(endMillis - SampleRecorder.ZOOM_MARGIN_MICROS / 1_000L);
        }
        fineStartMillis = endMillis;
    }

    private byte[] encode(Histogram h) {
        int needed = h.getNeededByteBufferCapacity();
        if (encodeBuffer.capacity() < needed) {
            encodeBuffer = ByteBuffer.allocate(needed);
        }
        encodeBuffer.clear();
        int length = h.encodeIntoCompressedByteBuffer(encodeBuffer);
        byte[] out = new byte[length];
        encodeBuffer.flip();
        encodeBuffer.get(out);
        return out;
    }

    private static Histogram decode(byte[] compressed) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException("a fine histogram this writer encoded does not decode", e);
        }
    }

    private void write(String tag, long startMillis, long endMillis, Histogram h) {
        h.setTag(tag);
        h.setStartTimeStamp(zeroEpochMillis + startMillis);
        h.setEndTimeStamp(zeroEpochMillis + endMillis);
        writer.outputIntervalHistogram(h);
    }

    /**
     * Writes the interval ending now (and the fine histograms of its last 100 ms, around an injection); called by
     * the flusher thread, once more by {@link #close()}, and by tests that drive a {@link ManualRunClock} without
     * {@link #start()} (which may call {@link #takeFine()} in between).
     */
    public synchronized void flush() throws IOException {
        flush(false);
    }

    private void flush(boolean closing) throws IOException {
        if (closed) {
            return;
        }
        long endMillis = Math.max(intervalStartMillis + 1, clock.nanos() / 1_000_000L);
        takeFine(endMillis);
        for (Map.Entry<String, Histogram> e : pending.entrySet()) {
            write(e.getKey(), intervalStartMillis, endMillis, e.getValue());
        }
        pending.clear();
        writeGaps(endMillis, closing);
        out.flush();
        intervalStartMillis = endMillis;
    }

    /** Takes the 100 ms ending now (see {@link #FINE_MILLIS}); for tests that drive a {@link ManualRunClock}. */
    public synchronized void takeFine() {
        if (!closed) {
            takeFine(clock.nanos() / 1_000_000L);
        }
    }

    /**
     * The settled success gaps as one-value histograms: tag {@code <op>.gap[@<tenant>]}, start and end the intended
     * starts of the two successes around the gap, value its length in microseconds.
     */
    private void writeGaps(long nowMillis, boolean runEnded) {
        for (SuccessGaps.Gap g : recorder.takeGaps(nowMillis, runEnded)) {
            Histogram h = gapHistogram(g.endMs() - g.startMs());
            int at = g.key().indexOf('@');
            h.setTag(at < 0 ? g.key() + GAP_SUFFIX : g.key().substring(0, at) + GAP_SUFFIX + g.key().substring(at));
            h.setStartTimeStamp(zeroEpochMillis + g.startMs());
            h.setEndTimeStamp(zeroEpochMillis + g.endMs());
            writer.outputIntervalHistogram(h);
        }
    }

    /**
     * HistogramLogWriter prints through a {@link java.io.PrintStream}, which swallows write errors; this keeps the
     * first one and rethrows it at the next {@link #flush()}, so a full disk is not silently ignored.
     */
    private static final class ErrorKeepingStream extends java.io.FilterOutputStream {
        private IOException failure;

        ErrorKeepingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                keep(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                keep(e);
            }
        }

        private void keep(IOException e) throws IOException {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }

        @Override
        public void flush() throws IOException {
            if (failure != null) {
                throw failure;
            }
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                flush(true);
            } finally {
                closed = true;
                out.close();
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("latency log flush failed", failure);
        }
    }
}
