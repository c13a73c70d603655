package io.contmig.runner.bench;

import io.contmig.plan.BenchPlan;
import io.contmig.plan.SandboxTarget;
import io.contmig.plan.SiteWhereTarget;

import java.io.PrintStream;
import java.nio.file.Path;

/** Opens the target a plan names: the embedded sandbox (started here) or a real SiteWhere's endpoints. */
public final class Targets {

    private Targets() {
    }

    /**
     * Opens (and for the sandbox, starts) the plan's target. The caller closes it.
     *
     * @param outputDirectory {@code target/contmig}: the sandbox keeps its servers' data and {@code sandbox.json} there
     */
    public static BenchTarget open(BenchPlan plan, Path outputDirectory, PrintStream console) throws BenchException {
        if (plan.target() instanceof SiteWhereTarget sw) {
            return new SiteWhereBenchTarget(plan, sw);
        }
        if (plan.target() instanceof SandboxTarget sandbox) {
            return SandboxBenchTarget.start(sandbox, outputDirectory, console);
        }
        throw new BenchException("target: unsupported " + plan.target());
    }
}
