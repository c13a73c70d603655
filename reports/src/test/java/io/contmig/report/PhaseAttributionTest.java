package io.contmig.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact attribution (issue 10): a sample counts in the phase active at its intended start, to the microsecond,
 * whatever the phase's length; the phases partition during. Recorded through the real recorder and log writer.
 */
class PhaseAttributionTest {

    /** The default study's PostgreSQL move in miniature: phases of 6 s, 9 ms and 52 ms. */
    private static final long START = 40_000_000;
    private static final long COPY = 40_000_500;
    private static final long CATCH_UP = 46_001_000;
    private static final long CUTOVER = 46_010_000;
    private static final long END = 46_062_000;

    @TempDir
    Path dir;

    private static boolean in(long t, long from, long to) {
        return t >= from && t < to;
    }

    @Test
    void shortPhasesHoldExactlyTheSamplesIntendedInsideThemAndPartitionDuring() throws IOException {
        RecordedRun run = new RecordedRun(dir.resolve("run"));
        run.mark(0, "run-started", "runner", Map.of());
        run.injection(START / 1000.0, "move", "acme").phase(COPY / 1000.0, "move", "copy")
                .phase(CATCH_UP / 1000.0, "move", "catch-up").phase(CUTOVER / 1000.0, "move", "cutover")
                .finished(END / 1000.0, "move");
        long cutoverE2e = 0;
        long catchUpE2e = 0;
        long duringE2e = 0;
        long cutoverUpdateErrors = 0;
        // mqtt.e2e every 2 ms (+ 1 µs, so some land 1 µs either side of a boundary) for both tenants; the
        // migrated tenant's writes wait out the cutover (stalled for up to 2 s, completing long after it).
        for (long t = 0; t < 90_000_000; t += 2_000) {
            long intended = t + (t % 6_000 == 0 ? 1 : 0);
            boolean cut = in(intended, CUTOVER, END);
            run.sample("mqtt.e2e", "acme", intended, cut ? 2_000_000 - (intended - CUTOVER) : 5_000, true);
            run.sample("mqtt.e2e", "globex", intended, 4_000, true);
            cutoverE2e += cut ? 2 : 0;
            catchUpE2e += in(intended, CATCH_UP, CUTOVER) ? 2 : 0;
            duringE2e += in(intended, START, END) ? 2 : 0;
            if (t % 10_000 == 0) {
                run.sample("rest.updateDevice", "acme", intended, cut ? 30_000 : 8_000, !cut);
                cutoverUpdateErrors += cut ? 1 : 0;
            }
        }
        // 1 µs before the cutover: catch-up's, although it completes 3 s later, in after's second.
        run.sample("rest.updateDevice", "acme", CUTOVER - 1, 3_000_000, true);
        RunReport report = Reports.analyze(run.write(90_000));

        InjectionReport move = report.injections().get(0);
        assertThat(report.phasesExact()).isTrue();
        assertThat(report.warnings()).noneMatch(w -> w.contains("approximate") || w.contains("short window: phase"));
        assertThat(move.phases()).extracting(WindowResult::name).containsExactly("start", "copy", "catch-up", "cutover");
        Map<String, WindowResult> phases = new java.util.HashMap<>();
        move.phases().forEach(p -> phases.put(p.name(), p));
        assertThat(phases.get("cutover").operations().get("mqtt.e2e").count()).isEqualTo(cutoverE2e).isEqualTo(52);
        assertThat(phases.get("catch-up").operations().get("mqtt.e2e").count()).isEqualTo(catchUpE2e);
        assertThat(phases.get("catch-up").operations().get("rest.updateDevice").count()).isEqualTo(1);
        assertThat(phases.get("cutover").operations().get("rest.updateDevice").errors()).isEqualTo(cutoverUpdateErrors);
        assertThat(phases.get("cutover").operations().get("mqtt.e2e").p99Ms()).isGreaterThan(1_900);
        assertThat(move.during().operations().get("mqtt.e2e").count()).isEqualTo(duringE2e);
        // The partition property, per operation: phase counts (and errors) add up to during's.
        for (String op : move.during().operations().keySet()) {
            Stats during = move.during().operations().get(op);
            long count = 0;
            long errors = 0;
            for (WindowResult p : move.phases()) {
                Stats s = p.operations().get(op);
                count += s == null ? 0 : s.count();
                errors += s == null ? 0 : s.errors();
            }
            assertThat(count).as("phase counts of %s", op).isEqualTo(during.count());
            assertThat(errors).as("phase errors of %s", op).isEqualTo(during.errors());
        }
        // The migrated tenant's stall is in during; the co-located one is not slowed.
        assertThat(move.migrated().get("mqtt.e2e").get("during").maxMs()).isGreaterThan(1_900);
        assertThat(move.colocated().get("mqtt.e2e").get("during").maxMs()).isLessThan(5);
    }

    @Test
    void aRecordWithoutPhaseEpochsStillRendersWithAWarningThatPhasesAreApproximate() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("legacy")).plan("{}");
        r.mark(0, "run-started", Map.of());
        r.injection(30_000, "a", "acme").phase(30_000, "a", "copy").phase(35_020, "a", "cutover")
                .finished(35_060, "a").healed(36_000, "a");
        r.mark(80_000, "run-finished", Map.of());
        for (int s = 0; s < 80; s++) {
            r.samples(s, "x", "acme", true, 10, 1_000, 0);
        }
        RunReport report = Reports.analyze(r.write());

        assertThat(report.phasesExact()).isFalse();
        assertThat(report.warnings()).anyMatch(w -> w.startsWith("phases are approximate"));
        assertThat(Reports.render(report, ReportFormat.JSON)).contains("\"phaseAttribution\" : \"interval-start\"");
        assertThat(report.injections().get(0).during().operations().get("x").count()).isEqualTo(60);
    }
}
