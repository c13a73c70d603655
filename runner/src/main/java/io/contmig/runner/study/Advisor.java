package io.contmig.runner.study;

import io.contmig.gate.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The study's management policy, a pure function of its statistics and SLOs. Among the cells whose every trial ran
 * and met every SLO (every cell whose trials all ran, when the study has no SLO), it places each cell by three costs
 * taken from the medians over trials — the migration duration (the sum of its injections' {@code durationMs}), the
 * degradation of the migrated tenant (the worst {@code mqtt.e2e.p99Ratio@migrated}, p99 during ÷ before) and of the
 * co-located tenants (the worst {@code mqtt.e2e.p99Ratio@colocated}) — keeps the Pareto front (no other eligible cell
 * is at least as good on every cost and better on one; Squall plots duration against throughput loss the same way),
 * and recommends the front's knee: the lowest sum of each cost divided by the best eligible value of that cost. A
 * cost missing for some eligible cell is left out (and said). It then says plainly when no cell is eligible, or when
 * the evidence does not separate the recommendation from another eligible cell (no ratio of their medians on these
 * costs has an interval excluding 1). When the cells vary several injections (several stores), it does the same per
 * injection and names each one's best cell. Stateless.
 */
public final class Advisor {

    /** The operation whose p99 ratios measure degradation: publish → processed echo, the tenant's own view. */
    public static final String OPERATION = "mqtt.e2e";

    private static final String[] COSTS = {"migration duration", "migrated-tenant p99 during/before",
            "co-located p99 during/before"};

    private Advisor() {
    }

    /**
     * One cell's place on the duration-vs-degradation plane (medians; NaN when missing).
     *
     * @param eligible whether it met every SLO in every trial
     * @param pareto   whether it is on the eligible cells' Pareto front
     */
    public record Point(String cell, double durationMs, double migratedRatio, double colocatedRatio, boolean eligible,
                        boolean pareto) {
        double cost(int k) {
            return k == 0 ? durationMs : k == 1 ? migratedRatio : colocatedRatio;
        }
    }

    /**
     * The advisor's finding for the whole study, or for one injection ({@code scope} = its name, {@code ""} = all).
     *
     * @param scope    {@code ""} for the study, else an injection's name
     * @param cell     the recommended cell, or null when none is eligible
     * @param why      the reasons, in plain words
     * @param pareto   the Pareto front (eligible cells)
     * @param points   every cell's point
     * @param perStore per injection, when the cells vary several injections; empty otherwise (and inside those)
     */
    public record Recommendation(String scope, String cell, String why, List<String> pareto, List<Point> points,
                                 List<Recommendation> perStore) {
        public Recommendation {
            pareto = List.copyOf(pareto);
            points = List.copyOf(points);
            perStore = List.copyOf(perStore);
        }
    }

    static Recommendation advise(Study study, List<StudyResult.Cell> cells, List<StudyResult.Comparison> comparisons) {
        List<String> injections = injections(cells);
        Recommendation overall = advise("", injections, study, cells, comparisons, List.of());
        List<String> varied = variedInjections(study, injections);
        if (varied.size() < 2) {
            return overall;
        }
        List<Recommendation> perStore = new ArrayList<>();
        for (String injection : varied) {
            perStore.add(advise(injection, List.of(injection), study, cells, comparisons, List.of()));
        }
        return new Recommendation("", overall.cell(), overall.why(), overall.pareto(), overall.points(), perStore);
    }

    private static Recommendation advise(String scope, List<String> injections, Study study, List<StudyResult.Cell> cells,
                                         List<StudyResult.Comparison> comparisons, List<Recommendation> perStore) {
        List<StudyResult.Cell> eligible = cells.stream().filter(StudyResult.Cell::meetsSlo).toList();
        List<Point> raw = new ArrayList<>();
        for (StudyResult.Cell c : cells) {
            raw.add(new Point(c.name(), sum(c, injections, "durationMs"),
                    max(c, injections, OPERATION + ".p99Ratio@migrated"),
                    max(c, injections, OPERATION + ".p99Ratio@colocated"), c.meetsSlo(), false));
        }
        String prefix = scope.isEmpty() ? "" : scope + ": ";
        if (eligible.isEmpty()) {
            return new Recommendation(scope, null, prefix + "no cell meets " + (study.slo().isEmpty()
                    ? "the requirement that every trial runs" : "every SLO in every trial") + ": "
                    + String.join("; ", cells.stream().map(Advisor::firstFailure).toList()), List.of(), raw, perStore);
        }
        boolean[] used = new boolean[COSTS.length];
        List<String> notes = new ArrayList<>();
        for (int k = 0; k < COSTS.length; k++) {
            int cost = k;
            used[k] = raw.stream().filter(Point::eligible).noneMatch(p -> Double.isNaN(p.cost(cost)));
            if (!used[k]) {
                notes.add(COSTS[k] + " is missing for some eligible cell and is left out");
            }
        }
        List<Point> points = new ArrayList<>();
        List<String> front = new ArrayList<>();
        for (Point p : raw) {
            boolean onFront = p.eligible() && raw.stream().filter(Point::eligible).noneMatch(q -> dominates(q, p, used));
            points.add(new Point(p.cell(), p.durationMs(), p.migratedRatio(), p.colocatedRatio(), p.eligible(), onFront));
            if (onFront) {
                front.add(p.cell());
            }
        }
        double[] best = new double[COSTS.length];
        for (int k = 0; k < COSTS.length; k++) {
            int cost = k;
            best[k] = points.stream().filter(Point::eligible).mapToDouble(p -> p.cost(cost)).min().orElse(Double.NaN);
        }
        Point chosen = null;
        double chosenScore = Double.POSITIVE_INFINITY;
        for (Point p : points) {
            if (!p.pareto()) {
                continue;
            }
            double score = 0;
            for (int k = 0; k < COSTS.length; k++) {
                if (used[k]) {
                    score += best[k] > 0 ? p.cost(k) / best[k] : p.cost(k) - best[k] + 1;
                }
            }
            if (score < chosenScore) {
                chosenScore = score;
                chosen = p;
            }
        }
        StringBuilder why = new StringBuilder(prefix);
        Point c = chosen;
        StudyResult.Cell chosenCell = cells.stream().filter(x -> x.name().equals(c.cell())).findFirst().orElseThrow();
        why.append(c.cell()).append(study.slo().isEmpty() ? " ran every trial (the study has no SLO)"
                : " meets every SLO in all " + chosenCell.trials().size() + " trials");
        why.append(" and is on the Pareto front (").append(describe(c, used)).append(")");
        if (front.size() > 1) {
            why.append("; of the front (").append(String.join(", ", front))
                    .append(") it has the lowest sum of each cost relative to the best eligible value");
        }
        why.append('.');
        List<String> inseparable = new ArrayList<>();
        for (StudyResult.Cell other : eligible) {
            if (!other.name().equals(c.cell()) && !separated(c.cell(), other.name(), injections, comparisons)) {
                inseparable.add(other.name());
            }
        }
        if (!inseparable.isEmpty()) {
            why.append(" The evidence does not separate it from ").append(String.join(", ", inseparable))
                    .append(": no ratio of medians on these costs has a 95 % interval excluding 1 — treat them as")
                    .append(" equivalent, or run more trials.");
        }
        if (chosenCell.trials().size() < Bootstrap.FEW_TRIALS) {
            why.append(" Only ").append(chosenCell.trials().size()).append(" trials per cell: the intervals are coarse.");
        }
        for (String n : notes) {
            why.append(' ').append(Character.toUpperCase(n.charAt(0))).append(n.substring(1)).append('.');
        }
        List<String> ineligible = cells.stream().filter(x -> !x.meetsSlo()).map(Advisor::firstFailure).toList();
        if (!ineligible.isEmpty()) {
            why.append(" Not eligible: ").append(String.join("; ", ineligible)).append('.');
        }
        return new Recommendation(scope, c.cell(), why.toString(), front, points, perStore);
    }

    private static boolean dominates(Point q, Point p, boolean[] used) {
        boolean better = false;
        for (int k = 0; k < COSTS.length; k++) {
            if (!used[k]) {
                continue;
            }
            if (q.cost(k) > p.cost(k)) {
                return false;
            }
            better |= q.cost(k) < p.cost(k);
        }
        return better;
    }

    private static boolean separated(String a, String b, List<String> injections,
                                     List<StudyResult.Comparison> comparisons) {
        Set<String> metrics = new LinkedHashSet<>();
        for (String inj : injections) {
            metrics.add(inj + ".durationMs");
            metrics.add(inj + "." + OPERATION + ".p99Ratio@migrated");
            metrics.add(inj + "." + OPERATION + ".p99Ratio@colocated");
        }
        return comparisons.stream().anyMatch(x -> metrics.contains(x.metric()) && x.ratio().significant()
                && ((x.baseline().equals(a) && x.cell().equals(b)) || (x.baseline().equals(b) && x.cell().equals(a))));
    }

    private static String describe(Point p, boolean[] used) {
        List<String> parts = new ArrayList<>();
        if (used[0]) {
            parts.add(String.format(Locale.ROOT, "median migration duration %.1f s", p.durationMs() / 1000));
        }
        if (used[1]) {
            parts.add(String.format(Locale.ROOT, "migrated p99 ×%.2f", p.migratedRatio()));
        }
        if (used[2]) {
            parts.add(String.format(Locale.ROOT, "co-located p99 ×%.2f", p.colocatedRatio()));
        }
        return String.join(", ", parts);
    }

    /** Why {@code cell} is not eligible: its first trial that did not run or missed an SLO. */
    private static String firstFailure(StudyResult.Cell cell) {
        for (int t = 0; t < cell.trials().size(); t++) {
            TrialResult trial = cell.trials().get(t);
            if (trial.report() == null) {
                return cell.name() + " trial " + (trial.trial() + 1) + " did not run to a report";
            }
            for (SloCheck.Outcome o : cell.slo().get(t)) {
                if (o.verdict() != Verdict.PASS) {
                    return cell.name() + " trial " + (trial.trial() + 1) + ": SLO '" + o.slo() + "' " + o.verdict()
                            + (o.detail().isEmpty() ? "" : " (" + o.detail() + ")");
                }
            }
        }
        return cell.trials().isEmpty() ? cell.name() + " has no trial" : cell.name() + " meets every SLO";
    }

    private static double sum(StudyResult.Cell c, List<String> injections, String metric) {
        double total = 0;
        for (String inj : injections) {
            MetricSummary m = c.metrics().get(inj + "." + metric);
            if (m == null || m.n() == 0) {
                return Double.NaN;
            }
            total += m.median();
        }
        return injections.isEmpty() ? Double.NaN : total;
    }

    private static double max(StudyResult.Cell c, List<String> injections, String metric) {
        double worst = Double.NaN;
        for (String inj : injections) {
            MetricSummary m = c.metrics().get(inj + "." + metric);
            if (m != null && m.n() > 0) {
                worst = Double.isNaN(worst) ? m.median() : Math.max(worst, m.median());
            }
        }
        return worst;
    }

    /** The injections the cells' reports name (from {@code <injection>.durationMs}), in first-seen order. */
    private static List<String> injections(List<StudyResult.Cell> cells) {
        Set<String> names = new LinkedHashSet<>();
        for (StudyResult.Cell c : cells) {
            for (TrialResult t : c.trials()) {
                if (t.report() != null) {
                    t.report().path("injections").forEach(i -> names.add(i.path("name").asText()));
                }
            }
        }
        return List.copyOf(names);
    }

    /** The injections whose settings differ between cells (override paths {@code injections.<name>...}). */
    private static List<String> variedInjections(Study study, List<String> injections) {
        Set<String> varied = new LinkedHashSet<>();
        for (StudyCell cell : study.cells()) {
            for (String path : cell.set().keySet()) {
                for (String inj : injections) {
                    if (path.startsWith("injections." + inj + ".")) {
                        varied.add(inj);
                    }
                }
            }
        }
        return List.copyOf(varied);
    }
}
