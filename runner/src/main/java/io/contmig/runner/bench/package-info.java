/**
 * One run from plan to record: {@code BenchRunner} starts or reaches the target ({@code BenchTarget}:
 * {@code SandboxBenchTarget}, {@code SiteWhereBenchTarget}), drives the load ({@code BenchLoad}:
 * {@code SiteWhereLoad} in production), runs the scheduled injections, drains and runs the cross-store check;
 * its parts come in as {@code BenchParts}, so that tests run whole benches against a fake target in seconds. It
 * writes facts only; {@code Progress} is the console line, {@code Machine} the conditions in {@code plan.json}.
 */
package io.contmig.runner.bench;
