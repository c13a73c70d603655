package io.contmig.runner.study;

import io.contmig.plan.BenchPlan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A study as written in {@code study.yaml}, read and checked by {@link StudyReader}: a base scenario, the cells that
 * vary it (each a set of scenario overrides in the {@code -Dcontmig.<path>} form), how many trials each cell gets,
 * and the SLOs the advisor must respect. Immutable.
 *
 * @param name     the study's name ({@link BenchPlan#NAME}); the study id is {@code <UTC timestamp>-<name>}
 * @param scenario the base scenario file, resolved against the study file's folder; empty = the shipped default
 * @param trials   trials per cell (&ge; 1); trial {@code k} (0-based) runs with seed {@code seed + k}
 * @param cells    the cells, in the order written (or the cartesian order of {@code vary})
 * @param slo      the SLOs (gate expressions), possibly none
 * @param isolation how trials get their target: {@link #WARM} (one sandbox, reset and verified between trials,
 *                  {@link WarmTrials}) or {@link #COLD} (a fresh sandbox per trial, {@link ColdTrials})
 */
public record Study(String name, Optional<java.nio.file.Path> scenario, int trials, List<StudyCell> cells,
                    List<Slo> slo, String isolation) {

    /** {@code isolation: warm}, the default. */
    public static final String WARM = "warm";
    /** {@code isolation: cold}. */
    public static final String COLD = "cold";
    /** The values of {@code isolation}. */
    public static final List<String> ISOLATIONS = List.of(WARM, COLD);

    public Study {
        Objects.requireNonNull(name, "name");
        if (!ISOLATIONS.contains(isolation)) {
            throw new IllegalArgumentException("isolation (" + isolation + ") must be one of " + ISOLATIONS);
        }
        Objects.requireNonNull(scenario, "scenario");
        cells = List.copyOf(cells);
        slo = List.copyOf(slo);
        if (trials < 1) {
            throw new IllegalArgumentException("trials (" + trials + ") must be >= 1");
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("cells must not be empty");
        }
    }

    /** A warm study. */
    public Study(String name, Optional<java.nio.file.Path> scenario, int trials, List<StudyCell> cells, List<Slo> slo) {
        this(name, scenario, trials, cells, slo, WARM);
    }

    /**
     * An SLO: a gate expression the advisor requires of every trial of a cell, on every injection (or on the one
     * named).
     *
     * @param expression the gate expression (contmig's gate grammar)
     * @param injection  the injection it applies to; {@code ""} = every injection
     */
    public record Slo(String expression, String injection) {
        public Slo {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(injection, "injection");
        }

        @Override
        public String toString() {
            return injection.isEmpty() ? expression : expression + " (on " + injection + ")";
        }
    }
}
