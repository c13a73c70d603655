package io.contmig.runner.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Run against run: the block bootstrap over 1 s intervals finds a steady slow-down and not a re-run of the same. */
class ComparisonsTest {

    @TempDir
    Path dir;

    @Test
    void aSlowerRunIsARegressionAndTheSameRunIsNot() throws Exception {
        Path base = run("base", 1.0, 1);
        Path same = run("same", 1.0, 2);
        Path slow = run("slow", 1.5, 3);
        ObjectMapper json = new ObjectMapper();
        JsonNode b = json.readTree(base.resolve("report.json").toFile());
        List<Compared> quiet = Comparisons.runs(base, b, same, json.readTree(same.resolve("report.json").toFile()), 0.10);
        assertFalse(quiet.isEmpty());
        assertTrue(quiet.stream().noneMatch(Compared::regression), quiet.toString());
        List<Compared> slower = Comparisons.runs(base, b, slow, json.readTree(slow.resolve("report.json").toFile()), 0.10);
        Compared p99 = slower.stream().filter(c -> c.metric().equals("move.mqtt.e2e.p99Ms.during")).findFirst().orElseThrow();
        assertTrue(p99.regression() && p99.ciLow() > 1.1, p99.toString());
        Compared duration = slower.stream().filter(c -> c.metric().equals("move.durationMs")).findFirst().orElseThrow();
        assertFalse(duration.regression(), "one value per side is never judged");
        assertTrue(duration.note().contains("not judged"));
    }

    /** A run of 60 s: mqtt.e2e around 10 ms × {@code factor} each second; one injection 20..40 s. */
    private Path run(String name, double factor, long seed) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        SplittableRandom random = new SplittableRandom(seed);
        try (PrintStream out = new PrintStream(Files.newOutputStream(run.resolve("latency.hlog")))) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.setBaseTime(0);
            w.outputLogFormatVersion();
            w.outputBaseTime(0);
            w.outputLegend();
            for (int s = 0; s < 60; s++) {
                Histogram h = new Histogram(3);
                h.setTag("mqtt.e2e");
                for (int i = 0; i < 40; i++) {
                    h.recordValue((long) (factor * (8000 + random.nextInt(4000) + (i == 0 ? random.nextInt(20000) : 0))));
                }
                h.setStartTimeStamp(s * 1000L);
                h.setEndTimeStamp(s * 1000L + 1000);
                w.outputIntervalHistogram(h);
            }
        }
        Files.writeString(run.resolve("timeline.jsonl"), "{\"t\":0,\"kind\":\"run-started\",\"source\":\"runner\"}\n");
        Files.writeString(run.resolve("report.json"), """
                {"injections": [ {"name": "move", "startMs": 20000, "endMs": 40000,
                  "windows": {"before": {"mqtt.e2e": {"count": 800}}, "during": {"mqtt.e2e": {"count": 800}}},
                  "windowSpans": {"before": {"startMs": 0, "endMs": 20000}, "during": {"startMs": 20000, "endMs": 40000}}
                } ] }
                """);
        return run;
    }
}
