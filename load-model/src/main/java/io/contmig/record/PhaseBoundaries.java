package io.contmig.record;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells a {@link SampleRecorder} where phases begin and end: every {@code injection-started},
 * {@code injection-phase}, {@code injection-finished} and {@code injection-failed} mark is a boundary, at the mark's
 * time rounded to the microsecond as {@code timeline.jsonl} writes it; the epoch it opens is attributed while some
 * injection is running. Other marks are ignored.
 *
 * <p>Register it with {@link TimelineWriter#addStampListener} so that boundaries reach the recorder in timeline
 * order and before the mark's I/O. Not thread-safe on its own: the timeline's lock serialises its calls.
 */
public final class PhaseBoundaries implements Consumer<Mark> {

    private final SampleRecorder recorder;
    private final Set<String> running = new HashSet<>();

    /** Feeds {@code recorder}; create it before the recorder's {@link LatencyLogWriter}, whose header says so. */
    public PhaseBoundaries(SampleRecorder recorder) {
        this.recorder = recorder;
        recorder.expectBoundaries();
    }

    @Override
    public void accept(Mark mark) {
        String injection = mark.attribute("injection");
        if (injection == null) {
            injection = mark.source();
        }
        if (mark.is(MarkKind.INJECTION_STARTED)) {
            running.add(injection);
        } else if (mark.is(MarkKind.INJECTION_FINISHED) || mark.is(MarkKind.INJECTION_FAILED)) {
            running.remove(injection);
        } else if (!mark.is(MarkKind.INJECTION_PHASE)) {
            return;
        }
        recorder.boundary(micros(mark.tMs()), !running.isEmpty());
    }

    /** A mark's time in whole microseconds, as {@code timeline.jsonl} writes it (milliseconds, 3 decimals). */
    public static long micros(double tMs) {
        return Math.round(tMs * 1000.0);
    }
}
