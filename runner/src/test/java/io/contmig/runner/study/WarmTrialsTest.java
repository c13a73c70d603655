package io.contmig.runner.study;

import io.contmig.plan.SandboxTarget;
import io.contmig.plan.WanDelays;
import io.contmig.sandbox.SandboxSettings;
import io.contmig.sandbox.pipeline.KafkaValues;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a warm sandbox can serve the next trial, and what study.json then says of the isolation. */
class WarmTrialsTest {

    private static final SandboxSettings BASE = SandboxSettings.defaults(Path.of("target/contmig/sandbox"));

    @Test
    void noSandboxYetStartsOne() {
        assertEquals(Optional.of("no sandbox runs yet"), WarmTrials.restartReason(null, BASE));
    }

    @Test
    void equalSettingsReuseTheSandbox() {
        assertEquals(Optional.empty(), WarmTrials.restartReason(BASE, SandboxSettings.defaults(Path.of("target/contmig/sandbox"))));
    }

    @Test
    void anotherWanIsResetNotRestarted() {
        WanDelays slow = new WanDelays(Duration.ofMillis(5), Duration.ofMillis(80), Duration.ofMillis(60), 10);
        assertEquals(Optional.empty(), WarmTrials.restartReason(BASE, BASE.withWan(slow)));
    }

    @Test
    void anotherKafkaTopologyOrValueFormatRestarts() {
        Optional<String> topology = WarmTrials.restartReason(BASE, BASE.withKafka(SandboxTarget.KAFKA_STRETCHED));
        assertEquals(Optional.of("other sandbox settings: kafka per-site -> stretched"), topology);
        Optional<String> values = WarmTrials.restartReason(BASE, BASE.withKafkaValues(KafkaValues.PROTOBUF));
        assertTrue(values.orElse("").startsWith("other sandbox settings: kafkaValues "), values.toString());
        Optional<String> heap = WarmTrials.restartReason(BASE, BASE.withKafkaHeap("768m"));
        assertTrue(heap.orElse("").startsWith("other sandbox settings: sandbox settings "), heap.toString());
    }

    @Test
    void studyJsonStatesTheIsolationTheTrialsHad() {
        assertEquals(WarmTrials.TRADE, StudyFiles.isolation(result(new TrialStart("cold: no sandbox runs yet", 40),
                new TrialStart(WarmTrials.WARM, 6))));
        assertEquals(WarmTrials.COLD_TRADE, StudyFiles.isolation(result(new TrialStart(WarmTrials.COLD, 40),
                new TrialStart(WarmTrials.COLD, 50))));
        assertEquals("not recorded", StudyFiles.isolation(result(TrialStart.UNKNOWN, TrialStart.UNKNOWN)));
        assertTrue(WarmTrials.TRADE.contains("verified"), WarmTrials.TRADE);
    }

    private static StudyResult result(TrialStart first, TrialStart second) {
        Study study = new Study("s", Optional.empty(), 2, List.of(new StudyCell("a", Map.of())), List.of());
        List<TrialResult> trials = new ArrayList<>();
        trials.add(new TrialResult(0, 0, "a-t1", "PASS", SyntheticReports.report(4000, 1.5, 1.1, 0), 60, first));
        trials.add(new TrialResult(0, 1, "a-t2", "PASS", SyntheticReports.report(4100, 1.6, 1.0, 0), 60, second));
        return StudyAnalysis.analyze("2026-12-03T00-00-00Z-s", study, trials);
    }
}
