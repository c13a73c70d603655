package io.contmig.report;

import io.contmig.record.LatencyLogWriter;
import io.contmig.record.ManualRunClock;
import io.contmig.record.PhaseBoundaries;
import io.contmig.record.RunRecord;
import io.contmig.record.SampleRecorder;
import io.contmig.record.TimelineWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds a run directory for tests the way a run does: marks and samples go through the real
 * {@link TimelineWriter}, {@link PhaseBoundaries}, {@link SampleRecorder} and {@link LatencyLogWriter} on a
 * {@link ManualRunClock}, replayed in time order (a sample at its completion), taken every 100 ms and flushed at every whole second
 * as the writer's own thread does.
 * Unlike {@link SyntheticRecord}, the log has phase epochs.
 */
final class RecordedRun {

    private static final long MS = 1_000_000L;

    private record Event(long atNanos, int order, Runnable action) {
    }

    private final Path dir;
    private final ManualRunClock clock = new ManualRunClock();
    private final SampleRecorder recorder = new SampleRecorder();
    private final List<Event> events = new ArrayList<>();
    private TimelineWriter timeline;

    RecordedRun(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    RecordedRun plan(String json) throws IOException {
        Files.writeString(dir.resolve("plan.json"), json);
        return this;
    }

    /** A mark at {@code atMs}. */
    RecordedRun mark(double atMs, String kind, String source, Map<String, ?> attributes) {
        events.add(new Event(Math.round(atMs * MS), events.size(), () -> timeline.mark(kind, source, attributes)));
        return this;
    }

    RecordedRun injection(double atMs, String name, String tenant) {
        return mark(atMs, "injection-started", name, Map.of("injection", name, "injectionKind", "migration",
                "store", "postgresql", "strategy", "stop-and-copy", "tenant", tenant, "from", "cloud", "to", "edge"));
    }

    RecordedRun phase(double atMs, String injection, String phase) {
        return mark(atMs, "injection-phase", injection, Map.of("injection", injection, "phase", phase));
    }

    RecordedRun finished(double atMs, String injection) {
        mark(atMs, "injection-finished", injection, Map.of("injection", injection));
        return mark(atMs, "heal-finished", injection, Map.of("injection", injection));
    }

    /** One sample of {@code op} for {@code tenant} intended at {@code intendedMicros}, completing after {@code latencyMicros}. */
    RecordedRun sample(String op, String tenant, long intendedMicros, long latencyMicros, boolean ok) {
        int id = recorder.operation(op, tenant);
        long intended = intendedMicros * 1_000L;
        long end = intended + latencyMicros * 1_000L;
        events.add(new Event(end, events.size(), () -> recorder.record(id, intended, intended, end, ok)));
        return this;
    }

    /** Replays everything up to {@code runFinishedMs}, marks {@code run-finished} there, and opens the record. */
    RunRecord write(double runFinishedMs) throws IOException {
        mark(runFinishedMs, "run-finished", "runner", Map.of());
        PhaseBoundaries boundaries = new PhaseBoundaries(recorder);
        events.sort(Comparator.comparingLong(Event::atNanos).thenComparingInt(Event::order));
        try (TimelineWriter t = new TimelineWriter(dir.resolve("timeline.jsonl"), clock);
             LatencyLogWriter log = new LatencyLogWriter(dir.resolve("latency.hlog"), recorder, clock)) {
            timeline = t;
            t.addStampListener(boundaries);
            long nextTake = 100 * MS;
            for (Event e : events) {
                while (nextTake <= e.atNanos()) {
                    clock.set(nextTake);
                    if (nextTake % (1_000 * MS) == 0) {
                        log.flush();
                    } else {
                        log.takeFine();
                    }
                    nextTake += 100 * MS;
                }
                clock.set(e.atNanos());
                e.action().run();
            }
        }
        return RunRecord.open(dir);
    }
}
