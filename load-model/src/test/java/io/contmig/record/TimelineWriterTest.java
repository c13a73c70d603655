package io.contmig.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineWriterTest {

    @TempDir
    Path dir;

    private static Map<String, Object> attrs(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void linesFollowTheContract() throws IOException {
        ManualRunClock clock = new ManualRunClock();
        Path file = dir.resolve("timeline.jsonl");
        try (TimelineWriter timeline = new TimelineWriter(file, clock)) {
            timeline.mark(MarkKind.RUN_STARTED, "runner", Map.of());
            clock.set(Duration.ofMillis(40_012).plusNanos(345_678).toNanos());
            timeline.mark(MarkKind.INJECTION_STARTED, "move-acme-postgres", attrs("injection", "move-acme-postgres",
                    "injectionKind", "migration", "store", "postgresql", "strategy", "logical-replication",
                    "tenant", "acme", "from", "cloud", "to", "edge"));
            clock.set(Duration.ofMillis(46_001).toNanos());
            timeline.mark(MarkKind.INJECTION_PHASE, "move-acme-postgres", attrs("injection", "move-acme-postgres",
                    "phase", "catch-up"));
            clock.set(Duration.ofMillis(51_230).toNanos());
            timeline.mark(MarkKind.INJECTION_FAILED, "move-acme-postgres", attrs("injection", "move-acme-postgres",
                    "reason", "lag stayed above 200ms \"for\" 30s"));
            timeline.mark(MarkKind.HEAL_FINISHED, "move-acme-postgres", attrs("injection", "move-acme-postgres",
                    "healed", true, "rows", 12L));
            clock.set(Duration.ofSeconds(240).toNanos());
            timeline.mark(MarkKind.RUN_FINISHED, "runner", Map.of());
        }

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(
                "{\"t\":0.0,\"kind\":\"run-started\",\"source\":\"runner\"}",
                "{\"t\":40012.346,\"kind\":\"injection-started\",\"source\":\"move-acme-postgres\","
                        + "\"injection\":\"move-acme-postgres\",\"injectionKind\":\"migration\",\"store\":\"postgresql\","
                        + "\"strategy\":\"logical-replication\",\"tenant\":\"acme\",\"from\":\"cloud\",\"to\":\"edge\"}",
                "{\"t\":46001.0,\"kind\":\"injection-phase\",\"source\":\"move-acme-postgres\","
                        + "\"injection\":\"move-acme-postgres\",\"phase\":\"catch-up\"}",
                "{\"t\":51230.0,\"kind\":\"injection-failed\",\"source\":\"move-acme-postgres\","
                        + "\"injection\":\"move-acme-postgres\",\"reason\":\"lag stayed above 200ms \\\"for\\\" 30s\"}",
                "{\"t\":51230.0,\"kind\":\"heal-finished\",\"source\":\"move-acme-postgres\","
                        + "\"injection\":\"move-acme-postgres\",\"healed\":true,\"rows\":12}",
                "{\"t\":240000.0,\"kind\":\"run-finished\",\"source\":\"runner\"}");
    }

    @Test
    void writtenMarksReadBackEqual() throws IOException {
        ManualRunClock clock = new ManualRunClock();
        Path file = dir.resolve("timeline.jsonl");
        List<Mark> written = new ArrayList<>();
        try (TimelineWriter timeline = new TimelineWriter(file, clock)) {
            written.add(timeline.mark(MarkKind.RUN_STARTED, "runner", Map.of()));
            clock.advance(Duration.ofMillis(1500));
            written.add(timeline.mark("custom-kind", "mqtt-fleet", attrs("devices", 40L, "ratio", 0.5, "note", "x")));
            assertThat(timeline.marks()).isEqualTo(written);
        }

        assertThat(RunRecord.readMarks(file)).isEqualTo(written);
    }

    @Test
    void listenersSeeEachMarkAfterItIsWritten() throws IOException {
        ManualRunClock clock = new ManualRunClock();
        Path file = dir.resolve("timeline.jsonl");
        List<String> seenOnDisk = new ArrayList<>();
        try (TimelineWriter timeline = new TimelineWriter(file, clock)) {
            timeline.addListener(mark -> {
                try {
                    seenOnDisk.add(mark.kind() + ":" + Files.readAllLines(file).size());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            timeline.mark(MarkKind.RUN_STARTED, "runner", Map.of());
            timeline.mark(MarkKind.INJECTION_PHASE, "inj", attrs("injection", "inj", "phase", "cutover"));
        }

        assertThat(seenOnDisk).containsExactly("run-started:1", "injection-phase:2");
    }

    @Test
    void reservedAttributeNamesAreRefused() throws IOException {
        try (TimelineWriter timeline = new TimelineWriter(dir.resolve("timeline.jsonl"), new ManualRunClock())) {
            assertThatThrownBy(() -> timeline.mark("x", "runner", attrs("kind", "y")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("mark attribute 'kind' is reserved");
            assertThat(timeline.marks()).isEmpty();
        }
    }
}
