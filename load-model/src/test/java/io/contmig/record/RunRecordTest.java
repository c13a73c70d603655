package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading records written by other tools (the record is an open format, documented in the root README.md). */
class RunRecordTest {

    @TempDir
    Path dir;

    private void foreignHlog(long startEpochMillis, boolean withBaseTime) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("latency.hlog"))) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputStartTime(startEpochMillis);
            if (withBaseTime) {
                w.setBaseTime(startEpochMillis);
                w.outputBaseTime(startEpochMillis);
            }
            w.outputLegend();
            Histogram h = new Histogram(3_600_000_000L, 3);
            h.recordValue(1_500);
            h.recordValue(2_500);
            h.setTag("db.query");
            h.setStartTimeStamp(startEpochMillis + 1_000);
            h.setEndTimeStamp(startEpochMillis + 2_000);
            w.outputIntervalHistogram(h);
            Histogram untagged = new Histogram(3_600_000_000L, 3);
            untagged.recordValue(10);
            untagged.setStartTimeStamp(startEpochMillis + 2_000);
            untagged.setEndTimeStamp(startEpochMillis + 3_000);
            w.outputIntervalHistogram(untagged);
        }
    }

    private List<String> intervals(RunRecord record) throws IOException {
        List<String> seen = new ArrayList<>();
        record.forEachInterval((tag, start, end, h) -> seen.add(tag + " " + start + ".." + end + " n=" + h.getTotalCount()));
        return seen;
    }

    @Test
    void foreignRecordWithoutPlanAndWithUnknownKinds() throws IOException {
        Files.writeString(dir.resolve("timeline.jsonl"), """
                {"t": 0, "kind": "run-started", "source": "jepsen"}
                {"t": 1500.5, "kind": "nemesis-start", "source": "nemesis", "f": "partition", "nodes": ["n1","n2"], "extra": null}

                {"t": 2000, "kind": "injection-finished", "injection": "x", "ok": true, "count": 3}
                """);
        foreignHlog(1_700_000_000_000L, false);

        RunRecord record = RunRecord.open(dir);

        assertThat(record.plan().isObject()).isTrue();
        assertThat(record.plan().isEmpty()).isTrue();
        assertThat(record.marks()).hasSize(3);
        Mark nemesis = record.marks().get(1);
        assertThat(nemesis.kind()).isEqualTo("nemesis-start");
        assertThat(nemesis.tMs()).isEqualTo(1500.5);
        assertThat(nemesis.attribute("f")).isEqualTo("partition");
        assertThat(nemesis.attribute("nodes")).isEqualTo("[\"n1\",\"n2\"]");
        Mark finished = record.marks().get(2);
        assertThat(finished.is(MarkKind.INJECTION_FINISHED)).isTrue();
        assertThat(finished.source()).isEmpty();
        assertThat(finished.attributes()).containsEntry("ok", true).containsEntry("count", 3L);
        // Absolute interval timestamps are rebased on the log's start time.
        assertThat(intervals(record)).containsExactly("db.query 1000.0..2000.0 n=2", " 2000.0..3000.0 n=1");
    }

    @Test
    void foreignLogWithItsOwnBaseTime() throws IOException {
        Files.writeString(dir.resolve("timeline.jsonl"), "{\"t\": 0, \"kind\": \"run-started\"}\n");
        foreignHlog(1_700_000_000_000L, true);

        assertThat(intervals(RunRecord.open(dir))).containsExactly("db.query 1000.0..2000.0 n=2", " 2000.0..3000.0 n=1");
    }

    @Test
    void planJsonIsReadWhenPresent() throws IOException {
        Files.writeString(dir.resolve("timeline.jsonl"), "");
        Files.writeString(dir.resolve("plan.json"), "{\"name\": \"x\", \"windows\": {\"baseline\": \"30s\"}}");
        foreignHlog(1_700_000_000_000L, false);

        assertThat(RunRecord.open(dir).plan().path("windows").path("baseline").asText()).isEqualTo("30s");
    }

    @Test
    void malformedTimelineNamesFileAndLine() throws IOException {
        foreignHlog(1_700_000_000_000L, false);
        Files.writeString(dir.resolve("timeline.jsonl"), "{\"t\": 0, \"kind\": \"run-started\"}\n{\"t\": \"soon\", \"kind\": \"x\"}\n");

        assertThatThrownBy(() -> RunRecord.open(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("timeline.jsonl:2: field 't' must be a finite number");
        Files.writeString(dir.resolve("timeline.jsonl"), "{\"t\": 0}\nnot json\n");
        assertThatThrownBy(() -> RunRecord.open(dir)).hasMessageContaining("timeline.jsonl:1: field 'kind' must be a string");
    }

    @Test
    void missingPartsAreNamed() throws IOException {
        assertThatThrownBy(() -> RunRecord.open(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> RunRecord.open(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("timeline.jsonl");
        Files.writeString(dir.resolve("timeline.jsonl"), "");
        assertThatThrownBy(() -> RunRecord.open(dir)).hasMessageContaining("latency.hlog");
    }
}
