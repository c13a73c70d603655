package io.contmig.report;

import io.contmig.gate.Verdict;
import io.contmig.plan.PlanDocument;
import io.contmig.record.RunRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One analysis of one run record, in the order its parts depend on each other: timeline → injections
 * ({@link InjectionTimeline}), windows ({@link WindowCutter}), the latency log streamed once into them
 * ({@link LatencyStream}), downtime ({@link Downtime}), verification ({@link VerificationJudge}), each injection's
 * verdict ({@link InjectionJudge}), gates ({@link GateJudge}) and conditions ({@link RunConditions}); then the run's
 * verdict. Single use, not thread-safe. See {@link Reports#analyze} for the rules.
 */
final class RecordAnalysis {

    private final RunRecord record;
    private final PlanDocument plan;
    private final ReportPolicy policy;
    private final BaselineRun baseline;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param baseline the run that {@code baseline.} quantities of gates read; {@code null} when none was given
     *                 (those gates are then UNKNOWN)
     */
    RecordAnalysis(RunRecord record, PlanDocument plan, ReportPolicy policy, BaselineRun baseline) {
        this.record = record;
        this.plan = plan;
        this.policy = policy;
        this.baseline = baseline;
    }

    /** What the record measured, before any verdict: injections with their windows filled, downtime, the run's end. */
    record Measured(List<InjectionTrack> injections, List<VerificationJudge.Judged> judged, LatencyStream latency,
                    Downtime downtime, double runEndMs, boolean exact) {
    }

    /** Reads the record once into its windows, downtime and verifications (no verdict yet). */
    Measured measure() throws IOException {
        InjectionTimeline timeline = InjectionTimeline.read(record.marks(), warnings);
        List<InjectionTrack> injections = timeline.injections();
        boolean exact = record.phaseAttribution();
        WindowCutter windows = new WindowCutter(policy, warnings, exact);
        windows.cut(injections);
        LatencyStream latency = new LatencyStream(injections, timeline.runFinishedMs());
        record.forEachInterval(latency::accept);
        double runFinishedMs = timeline.runFinishedMs();
        double runEndMs = Double.isNaN(runFinishedMs) ? Math.max(timeline.lastMarkMs(), latency.lastIntervalEndMs())
                : runFinishedMs;
        if (Double.isNaN(runFinishedMs)) {
            warnings.add(String.format(Locale.ROOT, "run cut short: no run-finished mark; the record ends at %s ms",
                    Numbers.plain(runEndMs)));
        }
        windows.closeOpen(injections, runEndMs);
        windows.check(injections, runEndMs);
        Downtime downtime = latency.downtime(runEndMs, policy.settleMs());

        var crossStore = VerificationFiles.crossStore(record.directory());
        List<VerificationJudge.Judged> judged = new ArrayList<>();
        for (InjectionTrack inj : injections) {
            VerificationJudge.Judged j = VerificationJudge.judge(inj, VerificationFiles.own(record.directory(), inj.name),
                    crossStore);
            inj.verification = j.verification();
            inj.writeBlockMs = VerificationFiles.writeBlockMs(record.directory(), inj.name);
            judged.add(j);
        }
        return new Measured(injections, judged, latency, downtime, runEndMs, exact);
    }

    RunReport run() throws IOException {
        Measured m = measure();
        List<InjectionTrack> injections = m.injections();
        List<VerificationJudge.Judged> judged = m.judged();
        Downtime downtime = m.downtime();
        double runEndMs = m.runEndMs();
        LatencyStream latency = m.latency();
        // Reasons: breached or undecided gates first (what a reader came for), then the injections' own causes.
        List<String> reasons = new ArrayList<>();
        List<String> injectionCauses = new ArrayList<>();
        List<String> checkedLines = new ArrayList<>();
        List<InjectionReport> injectionReports = new ArrayList<>();
        InjectionJudge injectionJudge = new InjectionJudge(downtime, runEndMs, warnings);
        Verdict verdict = Verdict.PASS;
        for (int i = 0; i < injections.size(); i++) {
            InjectionReport r = injectionJudge.report(injections.get(i), judged.get(i), injectionCauses, checkedLines);
            injectionReports.add(r);
            verdict = verdict.and(r.verdict());
        }
        List<GateReport> gates = new GateJudge(injections, downtime, runEndMs, baseline).judge(plan.gates());
        for (GateReport g : gates) {
            verdict = verdict.and(g.verdict());
            if (g.verdict() != Verdict.PASS) {
                reasons.add("gate '" + g.expression() + "' " + g.verdict() + ": " + g.detail());
            }
        }
        reasons.addAll(injectionCauses);
        if (gates.isEmpty()) {
            verdict = verdict.and(Verdict.UNKNOWN);
            reasons.add("the plan has no gates: nothing was judged");
        }
        Map<String, Map<String, Long>> deadLetters = VerificationFiles.deadLetters(record.directory());
        deadLetters.forEach((tenant, byReason) -> warnings.add(String.format(Locale.ROOT,
                "tenant %s: %d event(s) dead-lettered by the pipeline %s", tenant,
                byReason.values().stream().mapToLong(Long::longValue).sum(), byReason)));
        Map<String, Stats> operations = latency.operations(runEndMs);
        Map<String, Series> charts = latency.charts((int) Math.ceil(runEndMs / 1000.0));
        Map<String, String> conditions = new java.util.TreeMap<>(RunConditions.of(plan, record.plan()));
        if (baseline != null) {
            conditions.put(BaselineRun.CONDITION, baseline.directory().toString());
        }
        return new RunReport(RunConditions.runId(plan, record.directory()), plan.targetLabel(),
                conditions, policy, m.exact(), runEndMs, verdict, reasons, checkedLines, warnings,
                operations,
                injectionReports, gates, charts, latency.zoomCharts(), deadLetters);
    }
}
