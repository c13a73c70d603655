package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records operation samples into one HdrHistogram {@link Recorder} per tag.
 *
 * <p>Thread-safe. {@link #record} is wait-free and allocation-free; {@link #operation} (registration) is not,
 * so drivers register their operations once, before load, and keep the returned id.
 *
 * <p>Tags follow CONTRACTS.md: {@code <op>} for successes, {@code <op>.ko} for failures, and the same per tenant
 * as {@code <op>@<tenant>} and {@code <op>.ko@<tenant>}. Values are response times in microseconds measured from
 * the <em>intended</em> start (open model), so a stall shows up as latency rather than as missing samples.
 */
public final class SampleRecorder {

    /** Highest recordable latency: one hour in microseconds; larger values are clamped to it. */
    public static final long HIGHEST_TRACKABLE_MICROS = 3_600_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    /** Per operation id: recorders to update on success, and on failure. */
    private volatile Recorder[][] okRecorders = new Recorder[0][];
    private volatile Recorder[][] koRecorders = new Recorder[0][];

    private final Map<String, Recorder> byTag = new LinkedHashMap<>();
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
        List<Recorder> ok = new ArrayList<>(List.of(recorderFor(op)));
        List<Recorder> ko = new ArrayList<>(List.of(recorderFor(op + ".ko")));
        if (tenant != null) {
            ok.add(recorderFor(op + "@" + tenant));
            ko.add(recorderFor(op + ".ko@" + tenant));
        }
        int id = okRecorders.length;
        Recorder[][] newOk = Arrays.copyOf(okRecorders, id + 1);
        Recorder[][] newKo = Arrays.copyOf(koRecorders, id + 1);
        newOk[id] = ok.toArray(new Recorder[0]);
        newKo[id] = ko.toArray(new Recorder[0]);
        koRecorders = newKo;
        okRecorders = newOk;
        idByKey.put(key, id);
        return id;
    }

    private Recorder recorderFor(String tag) {
        return byTag.computeIfAbsent(tag, t -> new Recorder(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS));
    }

    /**
     * Records one sample. Wait-free, allocation-free.
     *
     * @param operationId   from {@link #operation}
     * @param intendedNanos when the operation was meant to start (run clock)
     * @param startNanos    when it actually started; kept for the caller's generator-health accounting
     * @param endNanos      when it completed or failed
     * @param ok            success or failure
     */
    public void record(int operationId, long intendedNanos, long startNanos, long endNanos, boolean ok) {
        Recorder[] targets = (ok ? okRecorders : koRecorders)[operationId];
        long micros = (endNanos - intendedNanos) / 1_000L;
        if (micros < 0) {
            micros = 0;
        } else if (micros > HIGHEST_TRACKABLE_MICROS) {
            micros = HIGHEST_TRACKABLE_MICROS;
        }
        for (Recorder r : targets) {
            r.recordValue(micros);
        }
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
        for (Map.Entry<String, Recorder> e : byTag.entrySet()) {
            intervals.put(e.getKey(), e.getValue().getIntervalHistogram());
        }
        return intervals;
    }
}
