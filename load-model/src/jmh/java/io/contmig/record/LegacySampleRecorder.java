package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The SampleRecorder of contmig before issue 10 (no phase epochs), kept verbatim for {@link SampleRecorderBench}
 * to measure side by side with today's. Records operation samples into HdrHistogram {@link Recorder}s, one set per tag.
 *
 * <p>Thread-safe. {@link #record} is wait-free and, once each recording thread has recorded an operation once,
 * allocation-free; {@link #operation} (registration) is not, so drivers register their operations once, before
 * load, and keep the returned id.
 *
 * <p>Tags (the run directory's contract, root README.md): {@code <op>} for successes, {@code <op>.ko} for failures, and the same per tenant
 * as {@code <op>@<tenant>} and {@code <op>.ko@<tenant>}. Values are response times in microseconds measured from
 * the <em>intended</em> start (open model), so a stall shows up as latency rather than as missing samples.
 *
 * <p>Why it is shaped this way (the hot path must stay well under 100 ns with several recording threads):
 * a sample touches exactly one recorder, that of its most specific tag ({@code <op>@<tenant>}, or {@code <op>}
 * when registered without a tenant); the operation-wide tag is the sum of its own recorder and its tenants',
 * added when intervals are taken. And each tag's recorder is striped by thread, created on a stripe's first
 * use, so that threads recording the same tag do not contend on the same atomic counters.
 */
public final class LegacySampleRecorder {

    /** Highest recordable latency: one hour in microseconds; larger values are clamped to it. */
    public static final long HIGHEST_TRACKABLE_MICROS = 3_600_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;
    /** Stripes per tag, a power of two; a stripe's recorder is created only when a thread first lands on it. */
    private static final int STRIPES = 4;

    /** One tag's recorders, one per stripe, created lazily. Thread-safe. */
    private static final class StripedRecorder {
        private final AtomicReferenceArray<Recorder> stripes = new AtomicReferenceArray<>(STRIPES);

        void recordValue(long micros) {
            int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
            Recorder r = stripes.get(stripe);
            if (r == null) {
                r = create(stripe);
            }
            r.recordValue(micros);
        }

        private synchronized Recorder create(int stripe) {
            Recorder r = stripes.get(stripe);
            if (r == null) {
                r = new Recorder(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
                stripes.set(stripe, r);
            }
            return r;
        }

        /** Samples since the previous call, over every stripe; a new histogram owned by the caller. */
        synchronized Histogram takeInterval() {
            Histogram sum = null;
            for (int i = 0; i < STRIPES; i++) {
                Recorder r = stripes.get(i);
                if (r == null) {
                    continue;
                }
                Histogram interval = r.getIntervalHistogram();
                if (sum == null) {
                    sum = interval;
                } else {
                    sum.add(interval);
                }
            }
            return sum != null ? sum : new Histogram(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
        }
    }

    /** Per operation id: the recorder a success, or a failure, goes to. */
    private volatile StripedRecorder[] okRecorders = new StripedRecorder[0];
    private volatile StripedRecorder[] koRecorders = new StripedRecorder[0];

    private final Map<String, StripedRecorder> byTag = new LinkedHashMap<>();
    /** Operation-wide tag → the per-tenant tags whose samples it also counts. */
    private final Map<String, List<String>> tenantTagsOf = new LinkedHashMap<>();
    private final Map<String, Integer> idByKey = new LinkedHashMap<>();

    /**
     * Registers operation {@code op} (e.g. {@code mqtt.e2e}) for all tenants together; idempotent.
     *
     * @return the id to pass to {@link #record}
     */
    public int operation(String op) {
        return operation(op, null);
    }

    /**
     * Registers operation {@code op} for {@code tenant} (or for no tenant when null); idempotent. A sample recorded
     * with the returned id counts under the operation's tag and under its tenant's tag.
     */
    public synchronized int operation(String op, String tenant) {
        Objects.requireNonNull(op, "op");
        if (op.isBlank() || op.contains("@") || op.endsWith(".ko")) {
            throw new IllegalArgumentException("operation name '" + op + "' must be non-blank, without '@' and not end in '.ko'");
        }
        if (tenant != null && (tenant.isBlank() || tenant.contains("@"))) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must be non-blank and without '@'");
        }
        String key = tenant == null ? op : op + "@" + tenant;
        Integer existing = idByKey.get(key);
        if (existing != null) {
            return existing;
        }
        StripedRecorder ok = recorderFor(op);
        StripedRecorder ko = recorderFor(op + ".ko");
        if (tenant != null) {
            ok = recorderFor(op + "@" + tenant);
            ko = recorderFor(op + ".ko@" + tenant);
            tenantTagsOf.computeIfAbsent(op, k -> new ArrayList<>()).add(op + "@" + tenant);
            tenantTagsOf.computeIfAbsent(op + ".ko", k -> new ArrayList<>()).add(op + ".ko@" + tenant);
        }
        int id = okRecorders.length;
        StripedRecorder[] newOk = Arrays.copyOf(okRecorders, id + 1);
        StripedRecorder[] newKo = Arrays.copyOf(koRecorders, id + 1);
        newOk[id] = ok;
        newKo[id] = ko;
        koRecorders = newKo;
        okRecorders = newOk;
        idByKey.put(key, id);
        return id;
    }

    private StripedRecorder recorderFor(String tag) {
        return byTag.computeIfAbsent(tag, t -> new StripedRecorder());
    }

    /**
     * Records one sample. Wait-free; allocation-free once the calling thread has recorded this operation before.
     *
     * @param operationId   from {@link #operation}
     * @param intendedNanos when the operation was meant to start (run clock)
     * @param startNanos    when it actually started; kept for the caller's generator-health accounting
     * @param endNanos      when it completed or failed
     * @param ok            success or failure
     */
    public void record(int operationId, long intendedNanos, long startNanos, long endNanos, boolean ok) {
        StripedRecorder target = (ok ? okRecorders : koRecorders)[operationId];
        long micros = (endNanos - intendedNanos) / 1_000L;
        if (micros < 0) {
            micros = 0;
        } else if (micros > HIGHEST_TRACKABLE_MICROS) {
            micros = HIGHEST_TRACKABLE_MICROS;
        }
        target.recordValue(micros);
    }

    /** Every tag registered so far, in registration order. */
    public synchronized List<String> tags() {
        return List.copyOf(byTag.keySet());
    }

    /**
     * Takes the interval histogram of every tag (samples since the previous call) and resets it. Called by the
     * single flushing thread only.
     */
    synchronized Map<String, Histogram> takeIntervals() {
        Map<String, Histogram> intervals = new LinkedHashMap<>();
        for (Map.Entry<String, StripedRecorder> e : byTag.entrySet()) {
            intervals.put(e.getKey(), e.getValue().takeInterval());
        }
        for (Map.Entry<String, List<String>> e : tenantTagsOf.entrySet()) {
            Histogram operationWide = intervals.get(e.getKey());
            for (String tenantTag : e.getValue()) {
                operationWide.add(intervals.get(tenantTag));
            }
        }
        return intervals;
    }
}
