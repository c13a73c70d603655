package io.contmig.runner.study;

import io.contmig.plan.BenchPlan;
import io.contmig.plan.InjectionPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanException;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a {@link Study} into its trials: each cell's scenario is the base scenario with the global
 * {@code -Dcontmig.<path>} overrides and then the cell's {@code set} applied (the cell wins), resolved and validated
 * by the ordinary {@link PlanResolver}; trial {@code k} of a cell adds {@code seed = <cell's seed> + k}. Every problem
 * of every cell is collected and reported at once, nothing started: a problem of an override path is named by the
 * cell ({@code cells[1] (logical).set.injections.move.migration.strategy: unknown ...}), any other by the cell and
 * the scenario path. SLOs naming an injection must name one every cell has. Immutable; {@link #resolve} is pure.
 */
public final class StudyResolver {

    private final PlanResolver resolver;

    public StudyResolver(PlanResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** A trial to run: which cell, which repetition, with which seed and plan, under which run id. */
    public record Trial(int cellIndex, StudyCell cell, int trial, String runId, BenchPlan plan) {
        public Trial {
            Objects.requireNonNull(cell, "cell");
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(plan, "plan");
        }
    }

    /**
     * Every trial of {@code study}, in the {@link TrialOrder#interleaved interleaved} order.
     *
     * @throws StudyException listing every problem of every cell
     */
    public List<Trial> resolve(Study study, ScenarioSource base, Overrides global) throws StudyException {
        List<String> problems = new ArrayList<>();
        List<BenchPlan> cellPlans = new ArrayList<>();
        for (int i = 0; i < study.cells().size(); i++) {
            StudyCell cell = study.cells().get(i);
            String where = "cells[" + i + "] (" + cell.name() + ")";
            try {
                BenchPlan plan = resolver.resolve(base, overrides(global, cell, Map.of()));
                cellPlans.add(plan);
                checkSlo(study, plan, where, problems);
            } catch (PlanException e) {
                for (String p : e.problems()) {
                    problems.add(rename(p, where, cell));
                }
                cellPlans.add(null);
            }
        }
        if (!problems.isEmpty()) {
            throw new StudyException(problems);
        }
        List<Trial> trials = new ArrayList<>();
        for (TrialOrder.Slot slot : TrialOrder.interleaved(study.cells().size(), study.trials())) {
            StudyCell cell = study.cells().get(slot.cell());
            long seed = cellPlans.get(slot.cell()).seed() + slot.trial();
            BenchPlan plan;
            try {
                plan = resolver.resolve(base, overrides(global, cell, Map.of("seed", Long.toString(seed))));
            } catch (PlanException e) {
                throw new StudyException(e.problems().stream().map(p -> rename(p, "cells[" + slot.cell() + "] ("
                        + cell.name() + ") trial " + (slot.trial() + 1), cell)).toList());
            }
            trials.add(new Trial(slot.cell(), cell, slot.trial(), runId(cell, slot.trial()), plan));
        }
        return trials;
    }

    /** The run id of trial {@code trial} (0-based) of {@code cell}: {@code <cell>-t<n>}, n from 1. */
    static String runId(StudyCell cell, int trial) {
        return cell.name() + "-t" + (trial + 1);
    }

    private static Overrides overrides(Overrides global, StudyCell cell, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(global.values());
        all.putAll(cell.set());
        all.putAll(extra);
        return Overrides.of(all);
    }

    /** A problem of the resolved scenario, named by the cell (and by the cell's override path when it is one). */
    private static String rename(String problem, String where, StudyCell cell) {
        for (String path : cell.set().keySet()) {
            String prefix = "contmig." + path + ":";
            if (problem.startsWith(prefix)) {
                return where + ".set." + path + ":" + problem.substring(prefix.length());
            }
        }
        return where + ": " + problem;
    }

    private static void checkSlo(Study study, BenchPlan plan, String where, List<String> problems) {
        List<String> names = plan.injections().stream().map(InjectionPlan::name).toList();
        if (names.isEmpty()) {
            problems.add(where + ": the scenario has no injection, so a study has nothing to measure");
        }
        for (int i = 0; i < study.slo().size(); i++) {
            String injection = study.slo().get(i).injection();
            if (!injection.isEmpty() && !names.contains(injection)) {
                problems.add("slo[" + i + "].injection: " + where + " has no injection '" + injection + "' (known: "
                        + String.join(", ", names) + ")");
            }
        }
    }
}
