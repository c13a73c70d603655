package io.contmig.record;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records operation samples into HdrHistogram {@link org.HdrHistogram.Recorder}s, one set per tag, keeping apart
 * the samples of each phase epoch by their intended start.
 *
 * <p>Thread-safe. {@link #record} is wait-free for samples of the current epoch and, once each recording thread has
 * recorded an operation once, allocation-free; {@link #operation} (registration) is not, so drivers register their
 * operations once, before load, and keep the returned id.
 *
 * <p>Tags (the run directory's contract, root README.md): {@code <op>} for successes, {@code <op>.ko} for failures, and the same per tenant
 * as {@code <op>@<tenant>} and {@code <op>.ko@<tenant>}. Values are response times in microseconds measured from
 * the <em>intended</em> start (open model), so a stall shows up as latency rather than as missing samples.
 *
 * <p><b>Exact phase attribution.</b> Every injection mark is a boundary ({@link #boundary}, fed by
 * {@link PhaseBoundaries}); a sample belongs to the epoch holding its intended start, to the microsecond. A tag's
 * interval histogram holds every sample completed in the interval, whatever its epoch (what HdrHistogram's tools and
 * older readers see); in addition, the samples of each epoch during which an injection runs are written under
 * {@code <tag>#<epoch start in µs since t=0>} (e.g. {@code mqtt.e2e@acme#40512345}), so that a judge adds whole
 * epochs into each phase instead of whole 1 s intervals. Why epochs and not intervals cut at the boundaries: a
 * sample completes long after its intended start during a stall (15 s in a Kafka move), when its phase's interval
 * has already been written; an epoch tag carries its phase with it.
 *
 * <p>Why it is shaped this way (the hot path must stay well under 100 ns with several recording threads):
 * a sample touches exactly one recorder, that of its most specific tag ({@code <op>@<tenant>}, or {@code <op>}
 * when registered without a tenant) and its epoch; the operation-wide tag is the sum of its own recorder and its
 * tenants', added when intervals are taken. Each tag's recorder is striped by thread ({@link StripedRecorder}) and
 * split by epoch ({@link EpochTagRecorder}).
 */
public final class SampleRecorder {

    /** Highest recordable latency: one hour in microseconds; larger values are clamped to it. */
    public static final long HIGHEST_TRACKABLE_MICROS = StripedRecorder.HIGHEST_TRACKABLE_MICROS;
    /** Separates a tag from its epoch's start (µs since t=0) in the epoch tags: {@code <tag>#<µs>}. */
    public static final char EPOCH_SEPARATOR = '#';
    /** How long before an injection starts and after it ends the log keeps 100 ms histograms (zoom panels). */
    public static final long ZOOM_MARGIN_MICROS = 10_000_000L;

    private volatile Epochs epochs = Epochs.NONE;
    private volatile boolean attributesPhases;
    /** Whether an injection runs (the newest epoch is attributed), and when the last one ended (µs since t=0). */
    private volatile boolean injecting;
    private volatile long lastInjectionEndMicros = Long.MIN_VALUE / 2;

    /** Per operation id: the recorder a success, or a failure, goes to. */
    private volatile EpochTagRecorder[] okRecorders = new EpochTagRecorder[0];
    private volatile EpochTagRecorder[] koRecorders = new EpochTagRecorder[0];
    /** Per operation id: the ring its successes' intended starts go to, for sub-second downtime. */
    private volatile SuccessGaps.Ring[] successRings = new SuccessGaps.Ring[0];
    private final SuccessGaps gaps = new SuccessGaps();

    private final Map<String, EpochTagRecorder> byTag = new LinkedHashMap<>();
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
        if (op.isBlank() || op.contains("@") || op.contains("#") || op.contains("~") || op.endsWith(".ko") || op.endsWith(".gap")) {
            throw new IllegalArgumentException("operation name '" + op
                    + "' must be non-blank, without '@', '#' or '~' and not end in '.ko' or '.gap'");
        }
        if (tenant != null && (tenant.isBlank() || tenant.contains("@") || tenant.contains("#") || tenant.contains("~"))) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must be non-blank and without '@', '#' or '~'");
        }
        String key = tenant == null ? op : op + "@" + tenant;
        Integer existing = idByKey.get(key);
        if (existing != null) {
            return existing;
        }
        EpochTagRecorder ok = recorderFor(op);
        EpochTagRecorder ko = recorderFor(op + ".ko");
        if (tenant != null) {
            ok = recorderFor(op + "@" + tenant);
            ko = recorderFor(op + ".ko@" + tenant);
            tenantTagsOf.computeIfAbsent(op, k -> new ArrayList<>()).add(op + "@" + tenant);
            tenantTagsOf.computeIfAbsent(op + ".ko", k -> new ArrayList<>()).add(op + ".ko@" + tenant);
        }
        int id = okRecorders.length;
        EpochTagRecorder[] newOk = Arrays.copyOf(okRecorders, id + 1);
        EpochTagRecorder[] newKo = Arrays.copyOf(koRecorders, id + 1);
        SuccessGaps.Ring[] newRings = Arrays.copyOf(successRings, id + 1);
        newOk[id] = ok;
        newKo[id] = ko;
        newRings[id] = gaps.register(key, op);
        successRings = newRings;
        koRecorders = newKo;
        okRecorders = newOk;
        idByKey.put(key, id);
        return id;
    }

    private EpochTagRecorder recorderFor(String tag) {
        return byTag.computeIfAbsent(tag, t -> new EpochTagRecorder(epochs.current()));
    }

    /**
     * Starts a new epoch at {@code startMicros} (run clock, µs since t=0): the time of an injection mark as
     * {@code timeline.jsonl} writes it. Boundaries come in time order (the timeline's lock orders them; see
     * {@link PhaseBoundaries}).
     *
     * @param attributed whether an injection runs in the new epoch, so that its samples are also written under
     *                   the epoch's tags
     * @throws IllegalArgumentException when {@code startMicros} lies before the previous boundary
     */
    public synchronized void boundary(long startMicros, boolean attributed) {
        attributesPhases = true;
        Epochs next = epochs.plus(startMicros, attributed);
        // Published before the recorders switch: a sample of the new epoch meanwhile is a straggler, still exact.
        epochs = next;
        for (EpochTagRecorder r : byTag.values()) {
            r.advance(next.current());
        }
        if (!attributed && injecting) {
            lastInjectionEndMicros = startMicros;
        }
        injecting = attributed;
    }

    /**
     * Whether {@code nowMicros} (run clock) lies in an injection or within {@link #ZOOM_MARGIN_MICROS} after the
     * last one ended: then the log writes its 100 ms histograms (see {@link LatencyLogWriter#FINE_SUFFIX}).
     */
    boolean zooms(long nowMicros) {
        return injecting || nowMicros < lastInjectionEndMicros + ZOOM_MARGIN_MICROS;
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
        EpochTagRecorder target = (ok ? okRecorders : koRecorders)[operationId];
        int epoch = epochs.of(intendedNanos);
        long micros = (endNanos - intendedNanos) / 1_000L;
        if (micros < 0) {
            micros = 0;
        } else if (micros > HIGHEST_TRACKABLE_MICROS) {
            micros = HIGHEST_TRACKABLE_MICROS;
        }
        target.record(epoch, micros);
        if (ok) {
            successRings[operationId].mark(intendedNanos);
        }
    }

    /**
     * The longest gap between the intended starts of consecutive successes, per key ({@code <op>} or
     * {@code <op>@<tenant>}) and second, for the milliseconds now settled (see {@link SuccessGaps}); all of them
     * when {@code runEnded}. Called by the single flushing thread only.
     */
    synchronized List<SuccessGaps.Gap> takeGaps(long nowMs, boolean runEnded) {
        return gaps.take(nowMs, runEnded);
    }

    /**
     * Whether phase boundaries reach this recorder (a {@link PhaseBoundaries} exists for it), so that its log
     * declares exact phase attribution.
     */
    public boolean attributesPhases() {
        return attributesPhases;
    }

    /** Declares that phase boundaries will reach this recorder; see {@link #attributesPhases()}. */
    void expectBoundaries() {
        attributesPhases = true;
    }

    /** Every tag registered so far, in registration order. */
    public synchronized List<String> tags() {
        return List.copyOf(byTag.keySet());
    }

    /**
     * Takes the interval histogram of every tag (samples completed since the previous call, any epoch) and of every
     * attributed epoch that had samples ({@code <tag>#<µs>}), and resets them. Called by the single flushing thread
     * only. Every registered tag is present, empty or not; epoch tags only with samples.
     */
    synchronized Map<String, Histogram> takeIntervals() {
        Epochs known = epochs;
        Map<String, Map<Integer, Histogram>> perEpoch = new LinkedHashMap<>();
        for (Map.Entry<String, EpochTagRecorder> e : byTag.entrySet()) {
            perEpoch.put(e.getKey(), e.getValue().take());
        }
        for (Map.Entry<String, List<String>> e : tenantTagsOf.entrySet()) {
            Map<Integer, Histogram> operationWide = perEpoch.get(e.getKey());
            for (String tenantTag : e.getValue()) {
                perEpoch.get(tenantTag).forEach((epoch, h) -> EpochTagRecorder.addTo(operationWide, epoch, h.copy()));
            }
        }
        Map<String, Histogram> intervals = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Integer, Histogram>> e : perEpoch.entrySet()) {
            Histogram all = StripedRecorder.emptyHistogram();
            for (Map.Entry<Integer, Histogram> epoch : e.getValue().entrySet()) {
                all.add(epoch.getValue());
            }
            intervals.put(e.getKey(), all);
            for (Map.Entry<Integer, Histogram> epoch : e.getValue().entrySet()) {
                if (known.attributed(epoch.getKey())) {
                    intervals.put(e.getKey() + EPOCH_SEPARATOR + known.startMicros(epoch.getKey()), epoch.getValue());
                }
            }
        }
        return intervals;
    }
}
