package io.contmig.report;

import io.contmig.gate.Verdict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The analysis of one run: a pure function of its record ({@link Reports#analyze}), rendered by
 * {@link ReportRenderer}s. Immutable (the chart series' arrays are shared; see {@link Series}).
 *
 * @param runId       the plan's {@code runId}, else the run directory's name
 * @param target      the plan's target ({@code sandbox}, {@code sitewhere}, or {@code ""} when unknown)
 * @param conditions  what the run ran on, flattened from plan.json (seed, versions.*, machine.*, ...), sorted
 * @param policy      the window policy applied
 * @param phasesExact whether during and the phases hold the samples intended inside them (the log has phase
 *                    epochs), rather than the 1 s intervals starting inside them
 * @param runEndMs    the end of the run: {@code run-finished}, else the last mark or interval
 * @param verdict     the run's verdict: gates, injections' outcome, heal and verification merged
 * @param reasons     why the verdict is what it is (every non-PASS cause), in order
 * @param checked     what the verifications that passed checked, one line per injection: a PASS says what it rests on
 * @param warnings    conditions a reader must know before trusting the numbers (short or overlapping windows,
 *                    a run cut short, missing verification, ...)
 * @param operations  whole-run statistics per operation tag (all tenants), sorted
 * @param injections  in timeline order
 * @param gates       in plan order
 * @param series      chart series per operation, sorted
 * @param zoomSeries  per {@code op} and {@code op@tenant}: the log's 100 ms histograms around the injections
 *                    ({@code <tag>~100ms}), as a {@link Series} whose index {@code i} is the 100 ms starting at
 *                    {@code i × 100} ms; empty for a log without them (the zoom panels then show 1 s)
 */
public record RunReport(String runId, String target, Map<String, String> conditions, ReportPolicy policy,
                        boolean phasesExact, double runEndMs, Verdict verdict, List<String> reasons, List<String> checked,
                        List<String> warnings,
                        Map<String, Stats> operations, List<InjectionReport> injections, List<GateReport> gates,
                        Map<String, Series> series, Map<String, Series> zoomSeries) {

    public RunReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(target, "target");
        conditions = Collections.unmodifiableMap(new TreeMap<>(conditions));
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(verdict, "verdict");
        reasons = List.copyOf(reasons);
        checked = List.copyOf(checked);
        warnings = List.copyOf(warnings);
        operations = Collections.unmodifiableMap(new TreeMap<>(operations));
        injections = List.copyOf(injections);
        gates = List.copyOf(gates);
        series = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(series)));
        zoomSeries = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(zoomSeries)));
    }
}
