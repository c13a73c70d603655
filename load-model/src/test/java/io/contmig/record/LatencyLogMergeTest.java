package io.contmig.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Three generators' logs merged equal one recorder's log of every sample: per tag and interval the same counts and
 * values (epoch tags and 100 ms histograms included), and the same success gaps of a second or more.
 */
class LatencyLogMergeTest {

    private static final long MS = 1_000_000L;
    private static final Instant T0 = Instant.parse("2026-12-03T16:00:00Z");

    @TempDir
    Path dir;

    /** A generator: its own recorder and log over a shared manual clock. */
    private record Generator(SampleRecorder recorder, LatencyLogWriter log, int acme, int globex) {
        static Generator open(Path file, ManualRunClock clock) throws IOException {
            SampleRecorder r = new SampleRecorder();
            new PhaseBoundaries(r);
            int acme = r.operation("mqtt.e2e", "acme");
            int globex = r.operation("mqtt.e2e", "globex");
            return new Generator(r, new LatencyLogWriter(file, r, clock), acme, globex);
        }
    }

    @Test
    void threeGeneratorsMergedEqualOneRecorderOfEverySample() throws IOException {
        ManualRunClock clock = new ManualRunClock(T0);
        Generator all = Generator.open(dir.resolve("all.hlog"), clock);
        List<Generator> split = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            split.add(Generator.open(dir.resolve("g" + g + ".hlog"), clock));
        }
        List<Generator> every = new ArrayList<>(split);
        every.add(all);
        for (int tenth = 0; tenth < 140; tenth++) {
            if (tenth == 80) {
                every.forEach(g -> g.recorder().boundary(8_000_000, true));
            }
            if (tenth == 95) {
                every.forEach(g -> g.recorder().boundary(9_500_000, false));
            }
            for (int device = 0; device < 9; device++) {
                long intended = tenth * 100 * MS + device * 7 * MS;
                // 10.0 s to 12.5 s: every device fails (a downtime); device 4 also fails 3 s to 5 s alone.
                boolean ok = !(intended >= 10_000 * MS && intended < 12_500 * MS)
                        && !(device == 4 && intended >= 3_000 * MS && intended < 5_000 * MS);
                long latency = (1 + device + tenth % 13) * MS;
                Generator owner = split.get(device % 3);
                for (Generator g : List.of(owner, all)) {
                    g.recorder().record(device < 6 ? g.acme() : g.globex(), intended, intended, intended + latency, ok);
                }
            }
            clock.set((tenth + 1) * 100 * MS);
            for (Generator g : every) {
                if ((tenth + 1) % 10 == 0) {
                    g.log().flush();
                } else {
                    g.log().takeFine();
                }
            }
        }
        for (Generator g : every) {
            g.log().close();
        }

        LatencyLogMerge.Result result = LatencyLogMerge.merge(
                List.of(dir.resolve("g0.hlog"), dir.resolve("g1.hlog"), dir.resolve("g2.hlog")), dir.resolve("merged.hlog"));

        assertThat(result.inputs()).isEqualTo(3);
        Map<String, String> expected = summary(dir.resolve("all.hlog"));
        Map<String, String> merged = summary(dir.resolve("merged.hlog"));
        assertThat(merged).isEqualTo(expected);
        assertThat(expected.keySet()).anyMatch(k -> k.contains("#8000000"))
                .anyMatch(k -> k.contains(LatencyLogWriter.FINE_SUFFIX))
                .anyMatch(k -> k.startsWith("mqtt.e2e.gap@acme"));
        // The 2.5 s downtime of everyone is in the merged gaps; device 4's own failures (3 s to 5 s) are not a
        // downtime of acme, whose other devices kept succeeding.
        assertThat(merged).containsKey("mqtt.e2e.gap@acme 9935.0-12500.0");
        assertThat(merged.keySet()).noneMatch(k -> k.startsWith("mqtt.e2e.gap@acme 29"));
        assertThat(Files.readString(dir.resolve("merged.hlog")))
                .contains("#" + LatencyLogWriter.PHASE_ATTRIBUTION_HEADER)
                .contains("#[StartTime: " + T0.getEpochSecond());
    }

    @Test
    void anExistingOutputIsNeverOverwritten() throws IOException {
        ManualRunClock clock = new ManualRunClock(T0);
        Generator g = Generator.open(dir.resolve("g.hlog"), clock);
        g.log().close();
        Files.writeString(dir.resolve("latency.hlog"), "kept");

        assertThatThrownBy(() -> LatencyLogMerge.merge(List.of(dir.resolve("g.hlog")), dir.resolve("latency.hlog")))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readString(dir.resolve("latency.hlog"))).isEqualTo("kept");
    }

    /**
     * Every interval as {@code "<tag> <start>-<end>" → "<count> <max> <p50>"} for 1 s, epoch and 100 ms histograms
     * (the interval times rounded to their length, as generators flush a few ms apart) and gaps of 1 s or more
     * (exact times).
     */
    private static Map<String, String> summary(Path log) throws IOException {
        Map<String, String> out = new TreeMap<>();
        new IntervalLogReader(log).forEach((tag, start, end, h) -> {
            boolean gap = tag.contains(LatencyLogWriter.GAP_SUFFIX);
            if (gap && end - start < 1000) {
                return;
            }
            out.put(tag + " " + start + "-" + end, h.getTotalCount() + " " + h.getMaxValue() + " "
                    + h.getValueAtPercentile(50));
        });
        return out;
    }
}
