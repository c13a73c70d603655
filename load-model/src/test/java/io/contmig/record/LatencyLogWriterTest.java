package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyLogWriterTest {

    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** One interval as read back: tag, bounds, count, max (µs). */
    private record Interval(String tag, double startMs, double endMs, long count, long maxMicros) {
    }

    @Test
    void intervalsWrittenEachSecondReadBackThroughRunRecord() throws IOException {
        ManualRunClock clock = new ManualRunClock(Instant.parse("2026-11-28T10:00:00Z"));
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        int rest = recorder.operation("rest.listMeasurements");
        try (TimelineWriter timeline = new TimelineWriter(dir.resolve("timeline.jsonl"), clock);
             LatencyLogWriter log = new LatencyLogWriter(dir.resolve("latency.hlog"), recorder, clock)) {
            timeline.mark(MarkKind.RUN_STARTED, "runner", Map.of());
            recorder.record(acme, 100 * MS, 100 * MS, 112 * MS, true);
            recorder.record(acme, 200 * MS, 200 * MS, 203 * MS, true);
            recorder.record(rest, 300 * MS, 300 * MS, 340 * MS, false);
            clock.set(Duration.ofSeconds(1).toNanos());
            log.flush();
            // Nothing in the second interval.
            clock.set(Duration.ofSeconds(2).toNanos());
            log.flush();
            recorder.record(acme, 2_100 * MS, 2_100 * MS, 2_600 * MS, true);
            clock.set(Duration.ofMillis(2_500).toNanos());
            timeline.mark(MarkKind.RUN_FINISHED, "runner", Map.of());
        }

        RunRecord record = RunRecord.open(dir);
        List<Interval> intervals = new ArrayList<>();
        List<Interval> gaps = new ArrayList<>();
        record.forEachInterval((tag, start, end, h) -> (tag.contains(LatencyLogWriter.GAP_SUFFIX) ? gaps : intervals)
                .add(new Interval(tag, start, end, h.getTotalCount(), h.getMaxValue())));

        // Success gaps: between the intended starts of consecutive successes (the last one open until the close).
        assertThat(gaps).extracting(Interval::tag, Interval::startMs, Interval::endMs).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("mqtt.e2e.gap@acme", 100.0, 200.0),
                org.assertj.core.groups.Tuple.tuple("mqtt.e2e.gap@acme", 200.0, 2100.0),
                org.assertj.core.groups.Tuple.tuple("mqtt.e2e.gap@acme", 2100.0, 2500.0),
                org.assertj.core.groups.Tuple.tuple("mqtt.e2e.gap", 100.0, 200.0),
                org.assertj.core.groups.Tuple.tuple("mqtt.e2e.gap", 200.0, 2100.0),
                org.assertj.core.groups.Tuple.tuple("mqtt.e2e.gap", 2100.0, 2500.0));
        assertThat(intervals).extracting(Interval::tag, Interval::startMs, Interval::endMs, Interval::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mqtt.e2e", 0.0, 1000.0, 2L),
                        org.assertj.core.groups.Tuple.tuple("mqtt.e2e@acme", 0.0, 1000.0, 2L),
                        org.assertj.core.groups.Tuple.tuple("rest.listMeasurements.ko", 0.0, 1000.0, 1L),
                        org.assertj.core.groups.Tuple.tuple("mqtt.e2e", 2000.0, 2500.0, 1L),
                        org.assertj.core.groups.Tuple.tuple("mqtt.e2e@acme", 2000.0, 2500.0, 1L));
        Histogram any = new Histogram(3);
        assertThat(any.valuesAreEquivalent(intervals.get(0).maxMicros(), 12_000)).isTrue();
        assertThat(any.valuesAreEquivalent(intervals.get(2).maxMicros(), 40_000)).isTrue();
        assertThat(any.valuesAreEquivalent(intervals.get(3).maxMicros(), 500_000)).isTrue();
        assertThat(record.marks()).extracting(Mark::kind).containsExactly("run-started", "run-finished");
        assertThat(record.plan().isEmpty()).isTrue();
        String header = Files.readString(dir.resolve("latency.hlog"));
        assertThat(header).contains("#[BaseTime: " + clock.wallClockAtZero().getEpochSecond() + ".000")
                .contains("#[StartTime: " + clock.wallClockAtZero().getEpochSecond() + ".000")
                .contains("Tag=mqtt.e2e,2.000,0.500,");
    }

    /**
     * HdrHistogram's own HistogramLogProcessor reads the log (it skipped every interval, then died on a null
     * histogram, while the log said {@code BaseTime: 0} over run-relative timestamps).
     */
    @Test
    void hdrHistogramsOwnLogProcessorReadsTheLog() throws Exception {
        ManualRunClock clock = new ManualRunClock(Instant.parse("2026-12-03T06:58:34.123Z"));
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        Path hlog = dir.resolve("latency.hlog");
        // With everything contmig adds: the attribution header, epoch tags and success gaps.
        PhaseBoundaries boundaries = new PhaseBoundaries(recorder);
        try (LatencyLogWriter log = new LatencyLogWriter(hlog, recorder, clock)) {
            boundaries.accept(new Mark(1_500, "injection-started", "move", Map.<String, Object>of("injection", "move")));
            for (int second = 0; second < 3; second++) {
                for (int i = 0; i < 100; i++) {
                    long intended = second * 1_000 * MS + i * 10 * MS;
                    recorder.record(acme, intended, intended, intended + (i + 1) * MS, true);
                }
                clock.set((second + 1) * 1_000 * MS);
                log.flush();
            }
        }
        Path out = dir.resolve("processed");
        org.HdrHistogram.HistogramLogProcessor processor = new org.HdrHistogram.HistogramLogProcessor(new String[] {
                "-i", hlog.toString(), "-tag", "mqtt.e2e", "-o", out.toString(), "-outputValueUnitRatio", "1000"});
        processor.run();

        List<String> intervalLines = Files.readAllLines(out).stream()
                .filter(l -> !l.isBlank() && Character.isDigit(l.trim().charAt(0))).toList();
        assertThat(intervalLines).hasSize(3);
        assertThat(Files.readString(hlog)).contains("#" + LatencyLogWriter.PHASE_ATTRIBUTION_HEADER,
                "Tag=mqtt.e2e@acme#1500000,", "Tag=mqtt.e2e.gap@acme,", "Tag=mqtt.e2e@acme~100ms,");
        String distribution = Files.readString(Path.of(out + ".hgrm"));
        assertThat(distribution).containsPattern("#\\[Max     =\\s+100\\.0\\d+, Total count    =\\s+300\\]");
    }

    /**
     * Around an injection (12.00 s to 12.35 s) the log holds 100 ms histograms from 10 s before it starts (kept in
     * the ring until then) to 10 s after it ends, and none elsewhere; the 1 s intervals stay whole.
     */
    @Test
    void hundredMillisecondHistogramsAroundAnInjection() throws IOException {
        ManualRunClock clock = new ManualRunClock(Instant.parse("2026-12-03T06:58:34Z"));
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        try (TimelineWriter timeline = new TimelineWriter(dir.resolve("timeline.jsonl"), clock);
             LatencyLogWriter log = new LatencyLogWriter(dir.resolve("latency.hlog"), recorder, clock)) {
            timeline.mark(MarkKind.RUN_STARTED, "runner", Map.of());
            for (int tenth = 0; tenth < 300; tenth++) {
                if (tenth == 120) {
                    recorder.boundary(12_000_000, true);
                }
                for (int i = 0; i < 10; i++) {
                    long intended = tenth * 100 * MS + i * 10 * MS;
                    recorder.record(acme, intended, intended, intended + (tenth + 1) * MS, true);
                }
                if (tenth == 123) {
                    recorder.boundary(12_350_000, false);
                }
                clock.set((tenth + 1) * 100 * MS);
                if ((tenth + 1) % 10 == 0) {
                    log.flush();
                } else {
                    log.takeFine();
                }
            }
        }
        List<Interval> fine = new ArrayList<>();
        List<Interval> seconds = new ArrayList<>();
        RunRecord.open(dir).forEachInterval((tag, start, end, h) -> {
            if (tag.equals("mqtt.e2e@acme" + LatencyLogWriter.FINE_SUFFIX)) {
                fine.add(new Interval(tag, start, end, h.getTotalCount(), h.getMaxValue()));
            } else if (tag.equals("mqtt.e2e@acme")) {
                seconds.add(new Interval(tag, start, end, h.getTotalCount(), h.getMaxValue()));
            }
        });
        assertThat(fine).extracting(Interval::startMs).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.rangeClosed(20, 223).mapToObj(t -> t * 100.0).toList());
        assertThat(fine).allSatisfy(i -> {
            assertThat(i.endMs() - i.startMs()).isEqualTo(100.0);
            assertThat(i.count()).isEqualTo(10);
            // Each 100 ms keeps its own latency (tenth + 1 ms), which a 1 s interval would merge.
            assertThat(new Histogram(3).valuesAreEquivalent(i.maxMicros(), (Math.round(i.startMs()) / 100 + 1) * 1_000L))
                    .isTrue();
        });
        assertThat(seconds).hasSize(30).allSatisfy(i -> assertThat(i.count()).isEqualTo(100));
        assertThat(Files.readString(dir.resolve("latency.hlog"))).contains("Tag=mqtt.e2e~100ms,2.000,0.100,");
    }

    @Test
    void aWriteFailureSurfacesOnClose() throws IOException {
        ManualRunClock clock = new ManualRunClock();
        SampleRecorder recorder = new SampleRecorder();
        recorder.record(recorder.operation("mqtt.publish"), 0, 0, MS, true);
        // Accepts the header, then fails every write, like a disk that fills up during the run.
        FailingStream failing = new FailingStream();
        LatencyLogWriter log = new LatencyLogWriter(failing, recorder, clock);
        failing.full = true;
        clock.set(Duration.ofSeconds(1).toNanos());

        assertThatThrownBy(log::flush).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThatThrownBy(log::close).hasMessageContaining("disk full");
    }

    private static final class FailingStream extends java.io.OutputStream {
        boolean full;

        @Override
        public void write(int b) throws IOException {
            if (full) {
                throw new IOException("disk full");
            }
        }
    }
}
