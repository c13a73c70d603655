package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleRecorderTest {

    private static final long MS = 1_000_000L;

    @Test
    void registrationCreatesTheContractTags() {
        SampleRecorder recorder = new SampleRecorder();
        recorder.operation("mqtt.e2e", "acme");
        recorder.operation("mqtt.e2e", "globex");
        recorder.operation("rest.listMeasurements");

        assertThat(recorder.tags()).containsExactly("mqtt.e2e", "mqtt.e2e.ko", "mqtt.e2e@acme", "mqtt.e2e.ko@acme",
                "mqtt.e2e@globex", "mqtt.e2e.ko@globex", "rest.listMeasurements", "rest.listMeasurements.ko");
    }

    @Test
    void registrationIsIdempotent() {
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        int globex = recorder.operation("mqtt.e2e", "globex");

        assertThat(recorder.operation("mqtt.e2e", "acme")).isEqualTo(acme);
        assertThat(globex).isNotEqualTo(acme);
    }

    @Test
    void successesAndFailuresCountUnderTheOperationAndTheTenant() {
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        int globex = recorder.operation("mqtt.e2e", "globex");

        recorder.record(acme, 0, 2 * MS, 10 * MS, true);
        recorder.record(acme, 0, 0, 30 * MS, false);
        recorder.record(globex, 5 * MS, 5 * MS, 7 * MS, true);
        Map<String, Histogram> intervals = recorder.takeIntervals();

        assertThat(intervals.get("mqtt.e2e").getTotalCount()).isEqualTo(2);
        assertThat(intervals.get("mqtt.e2e.ko").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e@acme").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e.ko@acme").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e@globex").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e.ko@globex").getTotalCount()).isZero();
        // Response time from the intended start, in microseconds: 10 ms although service took 8 ms.
        Histogram acmeOk = intervals.get("mqtt.e2e@acme");
        assertThat(acmeOk.valuesAreEquivalent(acmeOk.getMaxValue(), 10_000)).isTrue();
        Histogram globexOk = intervals.get("mqtt.e2e@globex");
        assertThat(globexOk.valuesAreEquivalent(globexOk.getMaxValue(), 2_000)).isTrue();
    }

    @Test
    void intervalsResetWhenTaken() {
        SampleRecorder recorder = new SampleRecorder();
        int op = recorder.operation("rest.getDevice");
        recorder.record(op, 0, 0, MS, true);
        recorder.takeIntervals();

        assertThat(recorder.takeIntervals().get("rest.getDevice").getTotalCount()).isZero();
    }

    @Test
    void outOfRangeValuesAreClamped() {
        SampleRecorder recorder = new SampleRecorder();
        int op = recorder.operation("mqtt.publish");
        recorder.record(op, 10 * MS, 10 * MS, 5 * MS, true);
        recorder.record(op, 0, 0, 2 * 3_600_000_000_000L, true);
        Histogram h = recorder.takeIntervals().get("mqtt.publish");

        assertThat(h.getMinValue()).isZero();
        assertThat(h.valuesAreEquivalent(h.getMaxValue(), SampleRecorder.HIGHEST_TRACKABLE_MICROS)).isTrue();
    }

    @Test
    void badNamesAreRefused() {
        SampleRecorder recorder = new SampleRecorder();
        assertThatThrownBy(() -> recorder.operation("mqtt.e2e.ko")).hasMessageContaining("not end in '.ko'");
        assertThatThrownBy(() -> recorder.operation("a@b")).hasMessageContaining("without '@'");
        assertThatThrownBy(() -> recorder.operation("mqtt.e2e", "ac@me")).hasMessageContaining("tenant 'ac@me'");
    }

    @Test
    void operationWideTagCountsSamplesWithAndWithoutTenant() {
        SampleRecorder recorder = new SampleRecorder();
        int all = recorder.operation("mqtt.publish");
        int acme = recorder.operation("mqtt.publish", "acme");
        recorder.record(all, 0, 0, MS, true);
        recorder.record(acme, 0, 0, 2 * MS, true);
        Map<String, Histogram> intervals = recorder.takeIntervals();

        assertThat(intervals.get("mqtt.publish").getTotalCount()).isEqualTo(2);
        assertThat(intervals.get("mqtt.publish@acme").getTotalCount()).isEqualTo(1);
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        int globex = recorder.operation("mqtt.e2e", "globex");
        int threads = 6;
        int perThread = 50_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        long[] taken = new long[2];
        try {
            for (int t = 0; t < threads; t++) {
                int id = t % 2 == 0 ? acme : globex;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        recorder.record(id, 0, 0, (i % 1000 + 1) * 1_000L, i % 10 != 0);
                    }
                    return null;
                }));
            }
            start.countDown();
            // Intervals taken while threads record must not lose or double-count samples.
            while (done.stream().anyMatch(f -> !f.isDone())) {
                Map<String, Histogram> interval = recorder.takeIntervals();
                taken[0] += interval.get("mqtt.e2e").getTotalCount();
                taken[1] += interval.get("mqtt.e2e.ko").getTotalCount();
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Histogram> last = recorder.takeIntervals();
        long ok = taken[0] + last.get("mqtt.e2e").getTotalCount();

        assertThat(ok).isEqualTo(threads * perThread * 9L / 10);
        assertThat(taken[1] + last.get("mqtt.e2e.ko").getTotalCount()).isEqualTo(threads * perThread / 10L);
    }

    @Test
    void recordingDoesNotAllocateInSteadyState() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        SampleRecorder recorder = new SampleRecorder();
        int op = recorder.operation("mqtt.e2e", "acme");
        for (int i = 0; i < 100_000; i++) {
            recorder.record(op, 0, 0, (i % 5000) * 1_000L, i % 7 != 0);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            recorder.record(op, 0, 0, (i % 5000) * 1_000L, i % 7 != 0);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).isLessThan(1_000);
    }

    /** A timeline whose injection marks reach {@code recorder} as phase boundaries. */
    private static TimelineWriter timelineFeeding(SampleRecorder recorder, ManualRunClock clock) {
        TimelineWriter timeline = new TimelineWriter(new java.io.StringWriter(), clock);
        timeline.addStampListener(new PhaseBoundaries(recorder));
        return timeline;
    }

    private static void mark(TimelineWriter timeline, ManualRunClock clock, long atMicros, MarkKind kind, String phase) {
        clock.set(atMicros * 1_000L);
        timeline.mark(kind, "move", phase == null ? Map.of("injection", "move") : Map.of("injection", "move", "phase", phase));
    }

    @Test
    void samplesCountInTheEpochOfTheirIntendedStartToTheMicrosecondEvenWhenTheyCompleteLater() {
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        ManualRunClock clock = new ManualRunClock();
        TimelineWriter timeline = timelineFeeding(recorder, clock);
        recorder.record(acme, 1_000 * MS, 1_000 * MS, 1_010 * MS, true);
        mark(timeline, clock, 40_000_000, MarkKind.INJECTION_STARTED, null);
        mark(timeline, clock, 40_000_000, MarkKind.INJECTION_PHASE, "copy");
        // Intended 1 µs before the cutover, completed 15 s later, after the injection ended: still copy's.
        long beforeCutover = 40_512_344_000L;
        mark(timeline, clock, 40_512_345, MarkKind.INJECTION_PHASE, "cutover");
        recorder.record(acme, 40_512_345_000L, 0, 40_600 * MS, true);
        mark(timeline, clock, 40_521_345, MarkKind.INJECTION_FINISHED, null);
        recorder.record(acme, beforeCutover, 0, 55_512 * MS, true);
        recorder.record(acme, 40_100 * MS, 0, 41_001 * MS, false);
        recorder.record(acme, 60_000 * MS, 0, 60_001 * MS, true);

        Map<String, Histogram> intervals = recorder.takeIntervals();

        assertThat(intervals.get("mqtt.e2e@acme").getTotalCount()).isEqualTo(4);
        assertThat(intervals.get("mqtt.e2e").getTotalCount()).isEqualTo(4);
        assertThat(intervals.get("mqtt.e2e@acme#40000000").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e#40000000").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e.ko@acme#40000000").getTotalCount()).isEqualTo(1);
        assertThat(intervals.get("mqtt.e2e@acme#40512345").getTotalCount()).isEqualTo(1);
        // Before the injection and after its end: no epoch tag (nothing to attribute).
        assertThat(intervals).doesNotContainKey("mqtt.e2e@acme#40521345");
        assertThat(intervals.keySet()).filteredOn(t -> t.contains("#")).containsExactlyInAnyOrder(
                "mqtt.e2e#40000000", "mqtt.e2e.ko#40000000", "mqtt.e2e@acme#40000000", "mqtt.e2e.ko@acme#40000000",
                "mqtt.e2e#40512345", "mqtt.e2e@acme#40512345");
    }

    @Test
    void epochTagsPartitionTheSamplesOfTheInjectionOverManyFlushesAndShortPhases() {
        SampleRecorder recorder = new SampleRecorder();
        int op = recorder.operation("rest.updateDevice");
        ManualRunClock clock = new ManualRunClock();
        TimelineWriter timeline = timelineFeeding(recorder, clock);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        long[] boundaries = {10_000_000, 10_052_000, 10_061_000, 10_061_500, 12_300_000};
        long inInjection = 0;
        java.util.Map<String, Long> epochCounts = new java.util.TreeMap<>();
        int next = 0;
        for (long intendedMicros = 9_000_000; intendedMicros < 14_000_000; intendedMicros += 250) {
            while (next < boundaries.length && boundaries[next] <= intendedMicros) {
                mark(timeline, clock, boundaries[next], next == 0 ? MarkKind.INJECTION_STARTED
                        : next == boundaries.length - 1 ? MarkKind.INJECTION_FINISHED : MarkKind.INJECTION_PHASE, "p" + next);
                next++;
            }
            // Completes up to 900 ms later (out of order); flushed every 100 ms of intended time.
            recorder.record(op, intendedMicros * 1_000, 0, intendedMicros * 1_000 + random.nextLong(900 * MS), true);
            if (intendedMicros >= boundaries[0] && intendedMicros < boundaries[boundaries.length - 1]) {
                inInjection++;
            }
            if (intendedMicros % 100_000 == 0) {
                recorder.takeIntervals().forEach((tag, h) -> epochCounts.merge(tag, h.getTotalCount(), Long::sum));
            }
        }
        recorder.takeIntervals().forEach((tag, h) -> epochCounts.merge(tag, h.getTotalCount(), Long::sum));

        assertThat(epochCounts.get("rest.updateDevice#10000000")).isEqualTo(52_000 / 250);
        assertThat(epochCounts.get("rest.updateDevice#10052000")).isEqualTo(9_000 / 250);
        assertThat(epochCounts.get("rest.updateDevice#10061000")).isEqualTo(2);
        long sum = epochCounts.entrySet().stream().filter(e -> e.getKey().startsWith("rest.updateDevice#"))
                .mapToLong(Map.Entry::getValue).sum();
        assertThat(sum).isEqualTo(inInjection);
        assertThat(epochCounts.get("rest.updateDevice")).isEqualTo(5_000_000 / 250);
    }
}
