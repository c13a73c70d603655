package io.contmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.gate.Gate;
import io.contmig.gate.GateResult;
import io.contmig.gate.GateSyntaxException;
import io.contmig.gate.Verdict;
import io.contmig.record.Mark;
import io.contmig.record.MarkKind;
import io.contmig.record.RunRecord;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One analysis of one run record: cuts the windows from the timeline, streams the latency log once into them,
 * then judges gates. Single use, not thread-safe. See {@link Reports#analyze} for the rules.
 */
final class RecordAnalysis {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> IDENTITY = List.of("kind", "store", "strategy", "tenant", "from", "to");

    /** An injection as the timeline tells it, with the windows being accumulated. */
    static final class Injection {
        final String name;
        final Map<String, String> attributes;
        final double startMs;
        double endMs = Double.POSITIVE_INFINITY;
        String outcome = "unfinished";
        String reason = "";
        boolean healed;
        /** Why the heal failed ({@code heal-finished} with {@code "ok": false}); {@code ""} otherwise. */
        String healFailure = "";
        final List<String> phaseNames = new ArrayList<>();
        final List<Double> phaseStarts = new ArrayList<>();
        WindowSlot before;
        WindowSlot during;
        WindowSlot after;
        final List<WindowSlot> phases = new ArrayList<>();
        Verification verification = Verification.missing();

        Injection(String name, Map<String, String> attributes, double startMs) {
            this.name = name;
            this.attributes = attributes;
            this.startMs = startMs;
        }

        String tenant() {
            return attributes.getOrDefault("tenant", "");
        }

        List<WindowSlot> slots() {
            List<WindowSlot> all = new ArrayList<>(List.of(before, during, after));
            all.addAll(phases);
            return all;
        }

        /** The window named {@code name}: before/during/after first, then phases. */
        WindowSlot window(String name) {
            switch (name) {
                case "before": return before;
                case "during": return during;
                case "after": return after;
                default:
                    for (WindowSlot p : phases) {
                        if (p.name.equals(name)) {
                            return p;
                        }
                    }
                    return null;
            }
        }
    }

    private final RunRecord record;
    private final ReportPolicy policy;
    private final List<String> warnings = new ArrayList<>();
    private final List<Injection> injections = new ArrayList<>();
    private double runFinishedMs = Double.NaN;
    private double lastMarkMs;
    private double lastIntervalEndMs;
    private final Map<String, Accumulator> wholeRun = new TreeMap<>();
    private final Map<String, SeriesBuilder> series = new TreeMap<>();
    /** Per {@code op} or {@code op@tenant}: the seconds holding at least one success. */
    private final Map<String, BitSet> successSeconds = new TreeMap<>();
    private double runEndMs;
    /** Every window of every injection, flattened for the per-interval loop, with the injection's tenant. */
    private WindowSlot[] allSlots = new WindowSlot[0];
    private String[] slotTenants = new String[0];

    RecordAnalysis(RunRecord record, ReportPolicy policy) {
        this.record = record;
        this.policy = policy;
    }

    RunReport run() throws IOException {
        readTimeline();
        cutWindows();
        List<WindowSlot> slots = new ArrayList<>();
        List<String> tenants = new ArrayList<>();
        for (Injection inj : injections) {
            for (WindowSlot slot : inj.slots()) {
                slots.add(slot);
                tenants.add(inj.tenant());
            }
        }
        allSlots = slots.toArray(new WindowSlot[0]);
        slotTenants = tenants.toArray(new String[0]);
        record.forEachInterval(this::accept);
        runEndMs = Double.isNaN(runFinishedMs) ? Math.max(lastMarkMs, lastIntervalEndMs) : runFinishedMs;
        if (Double.isNaN(runFinishedMs)) {
            warnings.add(String.format(Locale.ROOT, "run cut short: no run-finished mark; the record ends at %s ms",
                    Numbers.plain(runEndMs)));
        }
        closeOpenWindows();
        checkWindows();
        for (Injection inj : injections) {
            inj.verification = readVerification(inj.name);
        }
        List<InjectionReport> injectionReports = new ArrayList<>();
        // Reasons: breached or undecided gates first (what a reader came for), then the injections' own causes.
        List<String> reasons = new ArrayList<>();
        List<String> injectionReasons = new ArrayList<>();
        Verdict verdict = Verdict.PASS;
        for (Injection inj : injections) {
            InjectionReport r = report(inj, injectionReasons);
            injectionReports.add(r);
            verdict = verdict.and(r.verdict());
        }
        List<GateReport> gates = judgeGates();
        for (GateReport g : gates) {
            verdict = verdict.and(g.verdict());
            if (g.verdict() != Verdict.PASS) {
                reasons.add("gate '" + g.expression() + "' " + g.verdict() + ": " + g.detail());
            }
        }
        reasons.addAll(injectionReasons);
        if (gates.isEmpty()) {
            verdict = verdict.and(Verdict.UNKNOWN);
            reasons.add("the plan has no gates: nothing was judged");
        }
        Map<String, Stats> operations = new TreeMap<>();
        wholeRun.forEach((op, acc) -> operations.put(op, acc.stats(runEndMs)));
        int seconds = (int) Math.ceil(runEndMs / 1000.0);
        Map<String, Series> charts = new TreeMap<>();
        series.forEach((op, b) -> charts.put(op, b.build(seconds)));
        return new RunReport(runId(), target(), conditions(), policy, runEndMs, verdict, reasons, warnings,
                operations, injectionReports, gates, charts);
    }

    // ---- timeline

    private void readTimeline() {
        Map<String, Injection> byName = new LinkedHashMap<>();
        for (Mark m : record.marks()) {
            lastMarkMs = Math.max(lastMarkMs, m.tMs());
            String name = m.attribute("injection");
            if (m.is(MarkKind.INJECTION_STARTED)) {
                if (name == null) {
                    name = m.source();
                }
                if (byName.containsKey(name)) {
                    warnings.add("injection '" + name + "' started twice; the second start (t=" + Numbers.plain(m.tMs())
                            + " ms) is ignored");
                    continue;
                }
                Map<String, String> attrs = new LinkedHashMap<>();
                for (String key : IDENTITY) {
                    String v = m.attribute(key.equals("kind") ? "injectionKind" : key);
                    if (v == null && key.equals("kind")) {
                        v = m.attribute("kind");
                    }
                    if (v != null && !v.isEmpty()) {
                        attrs.put(key, v);
                    }
                }
                Injection inj = new Injection(name, attrs, m.tMs());
                byName.put(name, inj);
                injections.add(inj);
            } else if (m.is(MarkKind.INJECTION_PHASE)) {
                Injection inj = name == null ? null : byName.get(name);
                String phase = m.attribute("phase");
                if (inj == null || phase == null || phase.isEmpty()) {
                    warnings.add("phase mark at t=" + Numbers.plain(m.tMs()) + " ms ignored: "
                            + (inj == null ? "no started injection '" + name + "'" : "no phase name"));
                } else if (!inj.outcome.equals("unfinished")) {
                    warnings.add("phase '" + phase + "' of '" + name + "' at t=" + Numbers.plain(m.tMs())
                            + " ms ignored: the injection had already ended");
                } else {
                    inj.phaseNames.add(phase);
                    inj.phaseStarts.add(m.tMs());
                }
            } else if (m.is(MarkKind.INJECTION_FINISHED) || m.is(MarkKind.INJECTION_FAILED)) {
                Injection inj = name == null ? null : byName.get(name);
                if (inj == null) {
                    warnings.add(m.kind() + " mark at t=" + Numbers.plain(m.tMs()) + " ms ignored: no started injection '"
                            + name + "'");
                } else if (inj.outcome.equals("unfinished")) {
                    inj.endMs = Math.max(inj.startMs, m.tMs());
                    boolean failed = m.is(MarkKind.INJECTION_FAILED);
                    inj.outcome = failed ? "failed" : "finished";
                    inj.reason = failed ? orEmpty(m.attribute("reason")) : "";
                }
            } else if (m.is(MarkKind.HEAL_FINISHED)) {
                // "ok": false (a heal that threw) is a heal-finished mark that did not heal.
                boolean ok = !"false".equals(m.attribute("ok"));
                for (Injection inj : injections) {
                    if (name == null ? inj.startMs <= m.tMs() : inj.name.equals(name)) {
                        inj.healed = ok;
                        inj.healFailure = ok ? "" : orEmpty(m.attribute("reason")).isEmpty() ? "heal failed"
                                : m.attribute("reason");
                    }
                }
            } else if (m.is(MarkKind.RUN_FINISHED)) {
                runFinishedMs = m.tMs();
                if ("true".equals(m.attribute("generatorSaturated"))) {
                    // Generator health comes first (STYLE 22): a load generator that fell behind its schedule
                    // sent later than intended, so the system under test saw less load than planned.
                    warnings.add("load generator saturated: its send lag behind the intended schedule reached p99 "
                            + orEmpty(m.attribute("generatorP99LagMs")) + " ms; the system saw less load than"
                            + " planned and latency figures mix generator and system delays");
                }
            }
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private void cutWindows() {
        double baseline = policy.baselineMs();
        for (int i = 0; i < injections.size(); i++) {
            Injection inj = injections.get(i);
            double beforeStart = Math.max(0, inj.startMs - baseline);
            String cutBy = inj.startMs - baseline < 0 ? "the run's start" : "";
            for (int j = 0; j < i; j++) {
                Injection earlier = injections.get(j);
                if (earlier.endMs > beforeStart) {
                    beforeStart = Math.min(inj.startMs, earlier.endMs);
                    cutBy = "injection '" + earlier.name + "'";
                }
            }
            inj.before = new WindowSlot("before", beforeStart, inj.startMs);
            if (!cutBy.isEmpty()) {
                warnings.add(String.format(Locale.ROOT, "short window: before of '%s' is %s s instead of %s s (cut by %s)",
                        inj.name, Numbers.plain((inj.startMs - beforeStart) / 1000.0), Numbers.plain(baseline / 1000.0), cutBy));
            }
            inj.during = new WindowSlot("during", inj.startMs, inj.endMs);
            double afterStart = inj.endMs + policy.settleMs();
            inj.after = new WindowSlot("after", afterStart, afterStart + policy.afterMs());
            for (int k = 0; k < inj.phaseNames.size(); k++) {
                double end = k + 1 < inj.phaseStarts.size() ? inj.phaseStarts.get(k + 1) : inj.endMs;
                inj.phases.add(new WindowSlot(inj.phaseNames.get(k), inj.phaseStarts.get(k), end));
            }
        }
    }

    private void closeOpenWindows() {
        for (Injection inj : injections) {
            if (Double.isInfinite(inj.endMs)) {
                inj.endMs = Math.max(inj.startMs, runEndMs);
                inj.during.endMs = inj.endMs;
                for (WindowSlot p : inj.phases) {
                    if (Double.isInfinite(p.endMs)) {
                        p.endMs = Math.max(p.startMs, runEndMs);
                    }
                }
            }
        }
    }

    private void checkWindows() {
        for (int i = 0; i < injections.size(); i++) {
            Injection inj = injections.get(i);
            if (inj.outcome.equals("unfinished")) {
                warnings.add("injection '" + inj.name + "' has no injection-finished or injection-failed mark: "
                        + "its during window is cut at the run's end");
            }
            if (inj.outcome.equals("failed")) {
                warnings.add("injection '" + inj.name + "' failed" + (inj.reason.isEmpty() ? "" : ": " + inj.reason));
            }
            if (!inj.healFailure.isEmpty()) {
                warnings.add("HEAL FAILED for injection '" + inj.name + "': " + inj.healFailure
                        + " — the system may be left broken; later windows are suspect");
            } else if (!inj.healed) {
                warnings.add("injection '" + inj.name + "' has no heal-finished mark: the system may not be healed");
            }
            if (i + 1 < injections.size()) {
                Injection next = injections.get(i + 1);
                if (next.startMs < inj.endMs) {
                    warnings.add("overlap: injection '" + next.name + "' starts at " + Numbers.plain(next.startMs)
                            + " ms, before '" + inj.name + "' ends at " + Numbers.plain(inj.endMs) + " ms");
                } else if (next.startMs < inj.after.endMs) {
                    warnings.add("overlap: the after window of '" + inj.name + "' (" + Numbers.plain(inj.after.startMs)
                            + ".." + Numbers.plain(inj.after.endMs) + " ms) overlaps injection '" + next.name
                            + "' starting at " + Numbers.plain(next.startMs) + " ms");
                }
            }
            for (WindowSlot p : inj.phases) {
                if (p.lengthMs(runEndMs) < 1_000) {
                    warnings.add(String.format(Locale.ROOT, "short window: phase '%s' of '%s' lasts %s s, less than the"
                                    + " 1 s interval: its statistics hold the whole intervals starting inside it",
                            p.name, inj.name, Numbers.plain(p.lengthMs(runEndMs) / 1000.0)));
                }
            }
            if (inj.outcome.equals("unfinished")) {
                continue;
            }
            double afterLength = inj.after.lengthMs(runEndMs);
            if (afterLength < policy.afterMs()) {
                warnings.add(String.format(Locale.ROOT, "short window: after of '%s' is %s s instead of %s s (cut by the run's end)",
                        inj.name, Numbers.plain(afterLength / 1000.0), Numbers.plain(policy.afterMs() / 1000.0)));
            }
        }
    }

    // ---- latency log

    private void accept(String tag, double startMs, double endMs, Histogram h) {
        lastIntervalEndMs = Math.max(lastIntervalEndMs, endMs);
        if (startMs >= runFinishedMs) {
            // Written after run-finished (e.g. the log's final, partial interval): outside the run and every
            // window. Without the mark (NaN, which compares false) every interval counts.
            return;
        }
        TagName name = TagName.parse(tag);
        // Intervals start at whole seconds plus the flusher's jitter; round to the nearest second.
        int second = (int) Math.round(startMs / 1000.0);
        if (name.tenant().isEmpty()) {
            Accumulator acc = wholeRun.computeIfAbsent(name.operation(), k -> new Accumulator());
            if (name.failure()) {
                acc.addErrors(h.getTotalCount());
            } else {
                acc.addSuccesses(h);
            }
            series.computeIfAbsent(name.operation(), SeriesBuilder::new).add(second, name.failure(), h);
        }
        if (!name.failure() && h.getTotalCount() > 0 && second >= 0) {
            String key = name.tenant().isEmpty() ? name.operation() : name.operation() + "@" + name.tenant();
            successSeconds.computeIfAbsent(key, k -> new BitSet()).set(second);
        }
        for (int i = 0; i < allSlots.length; i++) {
            if (allSlots[i].contains(startMs)) {
                allSlots[i].add(name, slotTenants[i], h);
            }
        }
    }

    // ---- per injection results

    private InjectionReport report(Injection inj, List<String> reasons) {
        Verdict verdict = Verdict.PASS;
        if (inj.outcome.equals("failed")) {
            verdict = Verdict.UNKNOWN;
            reasons.add("injection '" + inj.name + "' failed" + (inj.reason.isEmpty() ? "" : ": " + inj.reason));
        } else if (inj.outcome.equals("unfinished")) {
            verdict = Verdict.UNKNOWN;
            reasons.add("injection '" + inj.name + "' never finished (run cut short?)");
        }
        if (!inj.healFailure.isEmpty()) {
            verdict = verdict.and(Verdict.UNKNOWN);
            reasons.add("heal of injection '" + inj.name + "' failed: " + inj.healFailure);
        } else if (!inj.healed) {
            verdict = verdict.and(Verdict.UNKNOWN);
            reasons.add("injection '" + inj.name + "' has no heal-finished mark");
        }
        Verification v = inj.verification;
        if (v.present()) {
            verdict = verdict.and(v.verdict());
            if (v.verdict() != Verdict.PASS) {
                reasons.add("verification of '" + inj.name + "' " + v.verdict() + ": lost " + v.lost() + ", duplicated "
                        + v.duplicated());
            }
        } else if ("migration".equals(inj.attributes.get("kind"))) {
            // contmig writes a verification for every migration (UNKNOWN when it could not decide): without one,
            // whether events were lost is unknown, and that is never a silent PASS.
            verdict = verdict.and(Verdict.UNKNOWN);
            reasons.add("migration '" + inj.name + "' has no verification/" + inj.name
                    + ".json: lost and duplicated events are unknown");
        } else {
            warnings.add("no verification/" + inj.name + ".json: lost and duplicated events of '" + inj.name + "' are unknown");
        }
        Map<String, Map<String, Stats>> migrated = new TreeMap<>();
        Map<String, Map<String, Stats>> colocated = new TreeMap<>();
        for (WindowSlot slot : List.of(inj.before, inj.during, inj.after)) {
            slot.stats(slot.migrated, runEndMs).forEach((op, s) ->
                    migrated.computeIfAbsent(op, k -> new LinkedHashMap<>()).put(slot.name, s));
            slot.stats(slot.colocated, runEndMs).forEach((op, s) ->
                    colocated.computeIfAbsent(op, k -> new LinkedHashMap<>()).put(slot.name, s));
        }
        Map<String, Double> downtime = new TreeMap<>();
        for (String key : successSeconds.keySet()) {
            if (!key.contains("@")) {
                downtime.put(key, downtimeMs(inj, List.of(successSeconds.get(key))));
            }
        }
        List<WindowResult> phases = new ArrayList<>();
        for (WindowSlot p : inj.phases) {
            phases.add(p.result(runEndMs));
        }
        WindowResult after = Double.isInfinite(inj.after.startMs) || inj.after.startMs > runEndMs
                ? new WindowResult("after", Math.min(inj.after.startMs, runEndMs), Math.min(inj.after.startMs, runEndMs), Map.of())
                : inj.after.result(runEndMs);
        return new InjectionReport(inj.name, inj.attributes, inj.startMs, inj.endMs, inj.outcome, inj.reason,
                inj.healed, inj.healFailure, phases, inj.before.result(runEndMs), inj.during.result(runEndMs), after,
                migrated, colocated, downtime, v, verdict);
    }

    /**
     * The longest run of seconds without a success in any of {@code up}, over the seconds overlapping the
     * injection's during window extended by settle (and cut at the run's end).
     */
    double downtimeMs(Injection inj, List<BitSet> up) {
        double boundEnd = Math.min(inj.endMs + policy.settleMs(), runEndMs);
        int from = (int) Math.floor(inj.startMs / 1000.0);
        int to = (int) Math.ceil(boundEnd / 1000.0);
        int longest = 0;
        int current = 0;
        for (int s = from; s < to; s++) {
            boolean anyUp = false;
            for (BitSet b : up) {
                anyUp |= b.get(s);
            }
            current = anyUp ? 0 : current + 1;
            longest = Math.max(longest, current);
        }
        return longest * 1000.0;
    }

    /** The success bitsets of {@code op} for the given tenants filter, for gate lookups. */
    List<BitSet> successBits(String op, java.util.function.Predicate<String> tenantFilter, boolean allTenants) {
        List<BitSet> out = new ArrayList<>();
        for (Map.Entry<String, BitSet> e : successSeconds.entrySet()) {
            String key = e.getKey();
            int at = key.indexOf('@');
            String keyOp = at < 0 ? key : key.substring(0, at);
            if (!keyOp.equals(op)) {
                continue;
            }
            if (allTenants ? at < 0 : at >= 0 && tenantFilter.test(key.substring(at + 1))) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    double runEndMs() {
        return runEndMs;
    }

    private Verification readVerification(String injection) throws IOException {
        Path file = record.directory().resolve("verification").resolve(injection + ".json");
        if (!Files.isRegularFile(file)) {
            return Verification.missing();
        }
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException(file + ": must hold a JSON object");
        }
        String verdictText = node.path("verdict").asText("");
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(verdictText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": verdict: '" + verdictText + "' (expected PASS, FAIL or UNKNOWN)");
        }
        List<String> mismatches = new ArrayList<>();
        for (JsonNode m : node.path("mismatches")) {
            mismatches.add(m.isTextual() ? m.asText() : m.toString());
        }
        return new Verification(true, verdict, count(node, "checked", file), count(node, "lost", file),
                count(node, "duplicated", file), mismatches);
    }

    private static long count(JsonNode node, String field, Path file) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return -1;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new IOException(file + ": " + field + ": " + v + " (expected a count >= 0)");
        }
        return v.asLong();
    }

    // ---- gates

    private List<GateReport> judgeGates() {
        List<GateReport> out = new ArrayList<>();
        JsonNode gates = record.plan().path("gates");
        int index = 0;
        for (JsonNode g : gates) {
            String expression;
            String scope = "";
            if (g.isTextual()) {
                expression = g.asText();
            } else {
                expression = g.path("expression").isTextual() ? g.path("expression").asText() : "";
                // plan.json writes "injection": null for a gate over every injection.
                scope = g.path("injection").isTextual() ? g.path("injection").asText() : "";
            }
            out.add(judge("gates[" + index + "]", expression, scope));
            index++;
        }
        return out;
    }

    private GateReport judge(String path, String expression, String scope) {
        Gate gate;
        try {
            gate = Gate.parse(expression);
        } catch (GateSyntaxException e) {
            return new GateReport(expression, scope, Verdict.UNKNOWN, Double.NaN, path + ": " + e.getMessage(), Map.of());
        }
        Map<String, GateResult> results = new LinkedHashMap<>();
        for (Injection inj : injections) {
            if (scope.isEmpty() || scope.equals(inj.name)) {
                results.put(inj.name, gate.evaluate(new InjectionInputs(this, inj)));
            }
        }
        if (results.isEmpty()) {
            String why = scope.isEmpty() ? "no injection in the timeline" : "injection '" + scope + "' is not in the timeline";
            return new GateReport(gate.expression(), scope, Verdict.UNKNOWN, Double.NaN, why, results);
        }
        Verdict verdict = Verdict.PASS;
        for (GateResult r : results.values()) {
            verdict = verdict.and(r.verdict());
        }
        for (Map.Entry<String, GateResult> e : results.entrySet()) {
            if (e.getValue().verdict() == verdict) {
                String detail = results.size() > 1 || !scope.isEmpty() ? e.getKey() + ": " + e.getValue().detail()
                        : e.getValue().detail();
                return new GateReport(gate.expression(), scope, verdict, e.getValue().value(), detail, results);
            }
        }
        throw new AssertionError("merged verdict " + verdict + " is one of the results");
    }

    // ---- header

    private String runId() {
        JsonNode id = record.plan().get("runId");
        if (id != null && id.isTextual() && !id.asText().isBlank()) {
            return id.asText();
        }
        Path name = record.directory().toAbsolutePath().normalize().getFileName();
        return name == null ? "" : name.toString();
    }

    private String target() {
        JsonNode t = record.plan().get("target");
        if (t == null || t.isNull()) {
            return "";
        }
        if (t.isTextual()) {
            return t.asText();
        }
        for (String field : List.of("kind", "type", "name")) {
            if (t.path(field).isTextual()) {
                return t.path(field).asText();
            }
        }
        return "";
    }

    private Map<String, String> conditions() {
        Map<String, String> out = new TreeMap<>();
        JsonNode plan = record.plan();
        for (Iterator<Map.Entry<String, JsonNode>> it = plan.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isValueNode()) {
                out.put(e.getKey(), v.asText());
            } else if (v.isObject() && List.of("versions", "machine").contains(e.getKey())) {
                for (Iterator<Map.Entry<String, JsonNode>> inner = v.fields(); inner.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = inner.next();
                    out.put(e.getKey() + "." + f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
                }
            }
        }
        out.put("planDigest", digest(plan.toString()));
        return out;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
