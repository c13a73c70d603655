package io.contmig.report;

import io.contmig.gate.GateInputs;
import io.contmig.gate.Quantity;
import io.contmig.gate.Reading;
import io.contmig.gate.Scope;
import io.contmig.gate.Statistic;

import java.util.List;
import java.util.Map;

/**
 * Resolves gate quantities against one injection of an analysis. Missing data (no window of that name, an
 * empty window, no samples, too few samples for the percentile, no verification) reads as missing with the
 * cause, so the gate is UNKNOWN. Percentiles need at least 10 (p90), 100 (p99) or 1000 (p999) successes.
 * {@link #baseline()} is the same injection in the baseline run, as given.
 */
final class InjectionInputs implements GateInputs {

    private final InjectionTrack injection;
    private final Downtime downtime;
    private final double runEndMs;
    private final GateInputs baseline;

    InjectionInputs(InjectionTrack injection, Downtime downtime, double runEndMs, GateInputs baseline) {
        this.injection = injection;
        this.downtime = downtime;
        this.runEndMs = runEndMs;
        this.baseline = baseline;
    }

    @Override
    public GateInputs baseline() {
        return baseline;
    }

    @Override
    public Reading read(Quantity quantity) {
        if (quantity instanceof Quantity.Windowed w) {
            return windowed(w);
        }
        if (quantity instanceof Quantity.Downtime d) {
            return downtime(d);
        }
        if (quantity instanceof Quantity.Verification v) {
            return verification(v.field());
        }
        throw new AssertionError("unknown quantity " + quantity);
    }

    private Reading windowed(Quantity.Windowed q) {
        WindowSlot slot = injection.window(q.window());
        if (slot == null) {
            return Reading.missing("injection '" + injection.name + "' has no window or phase '" + q.window() + "'");
        }
        double length = slot.lengthMs(runEndMs);
        if (length <= 0) {
            return Reading.missing("the " + q.window() + " window of '" + injection.name + "' is empty");
        }
        String missingGroup = groupProblem(q.scope());
        if (missingGroup != null) {
            return Reading.missing(missingGroup);
        }
        Accumulator acc = accumulator(slot, q.operation(), q.scope());
        String where = q.operation() + q.scope().suffix() + " in " + q.window() + " of '" + injection.name + "'";
        if (acc == null || acc.count() + acc.errors() == 0) {
            return Reading.missing("no samples of " + where);
        }
        Statistic s = q.statistic();
        switch (s) {
            case ERRORS: return Reading.of(acc.errors());
            case COUNT: return Reading.of(acc.count());
            case THROUGHPUT: return Reading.of(acc.count() / (length / 1000.0));
            default: break;
        }
        if (acc.count() == 0) {
            return Reading.missing("no successful samples of " + where);
        }
        long needed = s == Statistic.P90 ? 10 : s == Statistic.P99 ? 100 : s == Statistic.P999 ? 1000 : 1;
        if (acc.count() < needed) {
            return Reading.missing("only " + acc.count() + " samples of " + where + "; " + s.function()
                    + " needs at least " + needed);
        }
        switch (s) {
            case P50: return Reading.of(acc.percentileMs(50));
            case P90: return Reading.of(acc.percentileMs(90));
            case P99: return Reading.of(acc.percentileMs(99));
            case P999: return Reading.of(acc.percentileMs(99.9));
            case MAX: return Reading.of(acc.maxMs());
            default: throw new AssertionError(s);
        }
    }

    private String groupProblem(Scope scope) {
        if ((scope.kind() == Scope.Kind.MIGRATED || scope.kind() == Scope.Kind.COLOCATED) && injection.tenant().isEmpty()) {
            return "injection '" + injection.name + "' names no tenant, so it has no migrated/colocated groups";
        }
        return null;
    }

    private static Accumulator accumulator(WindowSlot slot, String op, Scope scope) {
        Map<String, Accumulator> map;
        String key = op;
        switch (scope.kind()) {
            case ALL: map = slot.all; break;
            case TENANT: map = slot.byTenant; key = op + "@" + scope.tenant(); break;
            case MIGRATED: map = slot.migrated; break;
            case COLOCATED: map = slot.colocated; break;
            default: throw new AssertionError(scope);
        }
        return map.get(key);
    }

    private Reading downtime(Quantity.Downtime q) {
        String problem = groupProblem(q.scope());
        if (problem != null) {
            return Reading.missing(problem);
        }
        String tenant = injection.tenant();
        List<String> up;
        switch (q.scope().kind()) {
            case ALL: up = downtime.keys(q.operation(), t -> true, true); break;
            case TENANT: up = downtime.keys(q.operation(), t -> t.equals(q.scope().tenant()), false); break;
            case MIGRATED: up = downtime.keys(q.operation(), t -> t.equals(tenant), false); break;
            case COLOCATED: up = downtime.keys(q.operation(), t -> !t.equals(tenant), false); break;
            default: throw new AssertionError(q.scope());
        }
        if (up.isEmpty()) {
            return Reading.missing("no successful samples of " + q.operation() + q.scope().suffix() + " in the whole run");
        }
        return Reading.of(downtime.ms(injection, up));
    }

    private Reading verification(String field) {
        io.contmig.report.Verification v = injection.verification;
        if (!v.present()) {
            return Reading.missing("no verification/" + injection.name + ".json");
        }
        if (v.verdict() == io.contmig.gate.Verdict.UNKNOWN) {
            // An undecided verification's counts are placeholders, not findings.
            return Reading.missing("the verification of '" + injection.name + "' is UNKNOWN"
                    + (v.cause().isEmpty() ? "" : ": " + v.cause()));
        }
        long value;
        switch (field) {
            case "lost": value = v.lost(); break;
            case "duplicated": value = v.duplicated(); break;
            case "checked": value = v.checked(); break;
            case "mismatches": value = v.mismatches().size(); break;
            default: throw new AssertionError(field);
        }
        if (value < 0) {
            return Reading.missing("verification/" + injection.name + ".json has no '" + field + "'");
        }
        return Reading.of(value);
    }
}
