/**
 * Gates: expressions over a run's figures that decide whether a build passes. {@code GateParser} reads the
 * grammar of the root README.md into a {@code Gate} ({@code Expr} over {@code Reading}s of a {@code Statistic} in a
 * {@code Scope}, or of a baseline run's same injection: {@code baseline.p99(...)}); evaluating it against
 * {@code GateInputs} (whose {@code baseline()} resolves the baseline's) gives a {@code GateResult}. {@code Verdict} is
 * PASS / FAIL / UNKNOWN, merged with priority FAIL &gt; UNKNOWN &gt; PASS; missing data is UNKNOWN, never PASS.
 * Pure functions, immutable values.
 */
package io.contmig.gate;
